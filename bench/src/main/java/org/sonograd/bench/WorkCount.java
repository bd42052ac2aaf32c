package org.sonograd.bench;

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
}
