package org.sonograd.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** The tensors that tests/fixtures/gen_safetensors_fixture.py writes, built in Java. */
    private static Map<String, Tensor> pythonFixtureTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weight", Tensor.of(new float[] {1.5f, -2.25f, 3f, 4f, 5f, 6.125f}, 2, 3));
        t.put("constants", Tensor.of(new double[] {Math.PI, Math.E}));
        t.put("index", Tensor.ofLongs(new long[] {-3, 7, 1L << 40}));
        t.put("pixels", Tensor.of(new double[] {0, 255, 7}).to(DType.U8));
        t.put("mask", Tensor.ofBooleans(new boolean[] {true, false, true}));
        t.put("scalar", Tensor.scalar(DType.F32, 42));
        return t;
    }

    private static final Map<String, String> FIXTURE_METADATA = fixtureMetadata();

    private static Map<String, String> fixtureMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("producer", "python struct+json");
        m.put("seed", "7");
        return m;
    }

    private Path fixture() throws IOException {
        Path file = dir.resolve("python_written.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/safetensors/python_written.safetensors")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsAFileWrittenByPythonStructAndJson() throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Safetensors.Contents c = Safetensors.read(fixture());
            assertEquals(List.of("weight", "constants", "index", "pixels", "mask", "scalar"), List.copyOf(c.tensors().keySet()));
            assertEquals(FIXTURE_METADATA, c.metadata());
            Tensor w = c.tensors().get("weight");
            assertEquals(DType.F32, w.dtype());
            assertArrayEquals(new long[] {2, 3}, w.shape());
            assertArrayEquals(new float[] {1.5f, -2.25f, 3f, 4f, 5f, 6.125f}, w.toFloatArray());
            assertArrayEquals(new double[] {Math.PI, Math.E}, c.tensors().get("constants").toDoubleArray());
            assertArrayEquals(new long[] {-3, 7, 1L << 40}, c.tensors().get("index").toLongArray());
            assertEquals(DType.U8, c.tensors().get("pixels").dtype());
            assertArrayEquals(new long[] {0, 255, 7}, c.tensors().get("pixels").toLongArray());
            assertEquals(DType.BOOL, c.tensors().get("mask").dtype());
            assertArrayEquals(new long[] {1, 0, 1}, c.tensors().get("mask").toLongArray());
            Tensor scalar = c.tensors().get("scalar");
            assertEquals(0, scalar.rank());
            assertEquals(42.0, scalar.item());
        }
    }

    @Test
    void javaWriterProducesTheSameBytesAsThePythonWriter() throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Path file = dir.resolve("java_written.safetensors");
            String sha = Safetensors.write(file, pythonFixtureTensors(), FIXTURE_METADATA);
            assertArrayEquals(Files.readAllBytes(fixture()), Files.readAllBytes(file));
            assertEquals(independentSha256(file), sha);
            assertEquals(sha, Safetensors.sha256(file));
        }
    }

    @Test
    void roundTripKeepsValuesShapesDtypesAndNonContiguousViews() throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("layer1.0.conv1.weight", base.transpose(0, 1)); // a strided view: written in row-major order
            in.put("empty", Tensor.zeros(DType.F32, 0, 4));
            in.put("big", Tensor.of(new float[] {Float.MAX_VALUE, Float.MIN_VALUE, -0f, Float.NaN}));
            Path file = dir.resolve("sub/dir/model.safetensors");
            Safetensors.write(file, in, Map.of("quote \"and\" newline\n", "ü ✓"));
            Safetensors.Contents c = Safetensors.read(file);
            assertArrayEquals(new long[] {3, 2}, c.tensors().get("layer1.0.conv1.weight").shape());
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, c.tensors().get("layer1.0.conv1.weight").toDoubleArray());
            assertArrayEquals(new long[] {0, 4}, c.tensors().get("empty").shape());
            assertArrayEquals(new float[] {Float.MAX_VALUE, Float.MIN_VALUE, -0f, Float.NaN}, c.tensors().get("big").toFloatArray());
            assertEquals(Map.of("quote \"and\" newline\n", "ü ✓"), c.metadata());
            assertEquals(0, Files.size(file) - 8 - headerLength(file) - (6 * 8 + 4 * 4), "data section size");
            assertEquals(0, (8 + headerLength(file)) % 8, "data section is 8-byte aligned");
        }
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Path file = dir.resolve("ckpt.safetensors");
            Safetensors.write(file, Map.of("a", Tensor.of(new float[] {1, 2})));
            Safetensors.write(file, Map.of("a", Tensor.of(new float[] {3, 4, 5})));
            assertArrayEquals(new float[] {3, 4, 5}, Safetensors.read(file).tensors().get("a").toFloatArray());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList());
            }
        }
    }

    @Test
    void truncatedFileIsReportedWithItsName() throws IOException {
        Path file = dir.resolve("truncated.safetensors");
        byte[] bytes = Files.readAllBytes(fixture());
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void tooShortFileAndOversizedHeaderLengthAreRejected() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(tiny)).getMessage()
                .contains("too short"));

        Path header = dir.resolve("header.safetensors");
        byte[] bytes = Files.readAllBytes(fixture());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        Files.write(header, bytes);
        String message = assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(header)).getMessage();
        assertTrue(message.contains("header length") && message.contains(header.toString()), message);
    }

    @Test
    void malformedHeadersAreRejectedWithTheDefect() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 8, "not valid JSON");
        assertRejected("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "unsupported dtype F16");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12, "expected 4");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "trailing bytes");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "not a non-negative");
        assertRejected("{\"a\":1,\"a\":2}", 0, "duplicate key");
        assertRejected("[1,2]", 0, "not a JSON object");
    }

    private void assertRejected(String header, int dataBytes, String defect) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Files.write(file, buf.array());
        String message = assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(file)).getMessage();
        assertTrue(message.startsWith(file.toString()) && message.contains(defect), header + " -> " + message);
    }

    @Test
    void reservedNameAndReleasedTensorAreRefusedOnWrite() {
        Tensor released = Tensor.of(new float[] {1});
        released.release();
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("x.safetensors"), Map.of("__metadata__", Tensor.of(new float[] {1}))));
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("x.safetensors"), Map.of("a", released)));
    }

    private static long headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String independentSha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
