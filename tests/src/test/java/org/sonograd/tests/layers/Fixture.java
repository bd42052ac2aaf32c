package org.sonograd.tests.layers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sonograd.tensor.Tensor;

/**
 * One PyTorch fixture of tests/fixtures/gen_layers_fixtures.py, read from the test resources: a
 * safetensors file (8-byte little-endian header length, JSON header of {name: {dtype, shape,
 * data_offsets}}, raw little-endian data) with F32 and I64 tensors. A minimal test-side reader.
 */
final class Fixture {
    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"(F32|F64|I64)\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");

    final String name;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    Fixture(String name) {
        this.name = name;
        String resource = "/fixtures/layers/" + name + ".safetensors";
        byte[] bytes;
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " is missing; run tests/fixtures/gen_layers_fixtures.py");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + resource, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(buf.getLong(0));
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            long[] shape = m.group(3).isEmpty() ? new long[0]
                    : java.util.Arrays.stream(m.group(3).split(",")).mapToLong(Long::parseLong).toArray();
            int start = 8 + headerLength + Integer.parseInt(m.group(4));
            int end = 8 + headerLength + Integer.parseInt(m.group(5));
            ByteBuffer data = ByteBuffer.wrap(bytes, start, end - start).slice().order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(m.group(1), switch (m.group(2)) {
                case "F32" -> {
                    float[] v = new float[(end - start) / 4];
                    data.asFloatBuffer().get(v);
                    yield Tensor.of(v, shape.length == 0 ? new long[0] : shape);
                }
                case "F64" -> {
                    double[] v = new double[(end - start) / 8];
                    data.asDoubleBuffer().get(v);
                    yield Tensor.of(v, shape);
                }
                default -> {
                    long[] v = new long[(end - start) / 8];
                    data.asLongBuffer().get(v);
                    yield Tensor.ofLongs(v, shape);
                }
            });
        }
        if (tensors.isEmpty()) {
            throw new IllegalStateException("fixture " + resource + ": no tensors in header " + header);
        }
    }

    Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("fixture " + name + " has no tensor '" + key + "'; it has " + tensors.keySet());
        }
        return t;
    }

    boolean has(String key) {
        return tensors.containsKey(key);
    }
}
