package org.sonograd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extra figures a benchmark measures besides its time (e.g. the peak off-heap memory of a training
 * step), carried from the JMH fork back to the bench command, which adds them to the case's JSON line.
 *
 * <p>The bench command names a file in the system property {@value #PROPERTY}; a benchmark calls
 * {@link #record} at the end of its trial, which appends one tab-separated line
 * {@code class, params, name, value} to it. Without the property (JMH run by hand) nothing is written.
 */
public final class ExtraFields {
    /** System property holding the path of the file the forked benchmarks append to. */
    public static final String PROPERTY = "sonograd.bench.extraFields";

    private ExtraFields() {
    }

    /**
     * Records {@code name = value} for the case of {@code benchmarkClass} with these JMH parameters
     * (all of the case's {@code @Param} fields, as the bench command sees them).
     */
    public static void record(Class<?> benchmarkClass, Map<String, String> params, String name, double value) {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            return;
        }
        String line = benchmarkClass.getName() + '\t' + key(params) + '\t' + name + '\t' + value + '\n';
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("ExtraFields: cannot append to " + file, e);
        }
    }

    /**
     * The fields recorded in {@code file}, keyed by {@link #caseKey}; a later record of the same
     * name overwrites an earlier one. A missing file gives an empty map.
     */
    public static Map<String, Map<String, Double>> read(Path file) throws IOException {
        Map<String, Map<String, Double>> fields = new HashMap<>();
        if (!Files.exists(file)) {
            return fields;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t");
            if (parts.length != 4) {
                throw new IOException("ExtraFields: malformed line in " + file + ": '" + line + "'");
            }
            fields.computeIfAbsent(parts[0] + '\t' + parts[1], k -> new LinkedHashMap<>())
                    .put(parts[2], Double.parseDouble(parts[3]));
        }
        return fields;
    }

    /** The key under which {@link #read} files the fields of one case. */
    public static String caseKey(String benchmarkClass, Map<String, String> params) {
        return benchmarkClass + '\t' + key(params);
    }

    private static String key(Map<String, String> params) {
        return new TreeMap<>(params).toString();
    }
}
