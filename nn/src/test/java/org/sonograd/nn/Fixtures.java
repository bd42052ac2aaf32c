package org.sonograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.Tensor;

/** PyTorch fixtures on the test class path (written by the scripts in tests/fixtures/) and their comparison. */
public final class Fixtures {
    private Fixtures() {}

    /** Reads {@code /fixtures/<resource>} into tensors of the current memory scope. */
    public static Map<String, Tensor> read(String resource) {
        URL url = Fixtures.class.getResource("/fixtures/" + resource);
        assertNotNull(url, "fixture " + resource + " is missing from the test class path");
        try {
            return Safetensors.read(Path.of(url.toURI())).tensors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries whose names start with {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> withPrefix(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Same shape, and max |expected − actual| ≤ tolerance · max |expected| (the metric). */
    public static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double maxErr = 0;
        double maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(e[i] - a[i]));
            maxAbs = Math.max(maxAbs, Math.abs(e[i]));
        }
        assertTrue(maxErr <= tolerance * maxAbs, what + ": max abs error " + maxErr + " > " + tolerance + " × max abs value "
                + maxAbs);
    }
}
