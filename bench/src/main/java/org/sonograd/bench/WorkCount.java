package org.sonograd.bench;

import java.util.Locale;
import java.util.Map;

/**
 * Implemented by every JMH benchmark class, so the bench command can turn a time into GFLOP/s or
 * GB/s and a ratio to the measured peak. The bench command instantiates the class with its no-arg
 * constructor and asks, for each result, how much work one call of the benchmark method did.
 */
public interface WorkCount {
    /** Floating-point operations of one call of {@code method} with the JMH {@code params}; 0 if memory-bound. */
    double flops(String method, Map<String, String> params);

    /** Bytes read plus bytes written by one call; used when {@link #flops} is 0. */
    double bytes(String method, Map<String, String> params);

    /** The shape to print for this case, e.g. {@code "1024x1024x1024"}. */
    String shape(String method, Map<String, String> params);

    /**
     * The name of the case in the report. By default the class name without {@code Benchmark}, in
     * lower case, then the method, then the {@code version} parameter if there is one:
     * {@code gemm.sgemm:v2}.
     */
    default String op(String method, Map<String, String> params) {
        String family = getClass().getSimpleName().replaceFirst("Benchmark$", "").toLowerCase(Locale.ROOT);
        String version = params.get("version");
        return family + "." + method + (version == null ? "" : ":" + version);
    }

    /**
     * Parameter values for {@code sonograd bench --quick}, a subset that keeps the whole quick run
     * under a minute; parameters not listed keep their declared values. Empty by default.
     */
    default Map<String, String[]> quickParams() {
        return Map.of();
    }
}
