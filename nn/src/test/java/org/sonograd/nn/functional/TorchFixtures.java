package org.sonograd.nn.functional;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sonograd.tensor.Tensor;

/**
 * Reads the PyTorch fixtures written by {@code tests/fixtures/gen_conv_fixtures.py}: safetensors
 * files (8-byte little-endian header length, JSON header, raw little-endian data) of F32 and I64
 * tensors. A test-only reader for the writer's own compact JSON; checkpoints use nn's full reader.
 */
final class TorchFixtures {
    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"(F32|I64)\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");

    private TorchFixtures() {}

    /** The fixture folder of a family (conv, pool, resample), found from the module or the repository root. */
    static Path family(String family) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("tests/src/test/resources/fixtures").resolve(family);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("fixtures/" + family + " not found above " + Path.of("").toAbsolutePath()
                + "; regenerate them with tests/fixtures/gen_conv_fixtures.py");
    }

    /** All tensors of one file by name; F32 as F32 tensors, I64 as I64 tensors. */
    static Map<String, Tensor> load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(buf.getLong(0));
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        Map<String, Tensor> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            String[] dims = m.group(3).isEmpty() ? new String[0] : m.group(3).split(",");
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Long.parseLong(dims[i]);
            }
            int begin = 8 + headerLength + Integer.parseInt(m.group(4));
            int end = 8 + headerLength + Integer.parseInt(m.group(5));
            if (m.group(2).equals("F32")) {
                float[] v = new float[(end - begin) / 4];
                buf.slice(begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                out.put(m.group(1), Tensor.of(v, shape.length == 0 ? new long[0] : shape));
            } else {
                long[] v = new long[(end - begin) / 8];
                buf.slice(begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
                out.put(m.group(1), Tensor.ofLongs(v, shape));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no tensors found in the header '" + header + "'");
        }
        return out;
    }

    /** Options stored as I64 tensors named opt_&lt;name&gt;. */
    static int[] ints(Map<String, Tensor> f, String name) {
        Tensor t = f.get("opt_" + name);
        if (t == null) {
            throw new IllegalArgumentException("fixture has no option " + name + ": " + f.keySet());
        }
        long[] v = t.toLongArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }
}
