package org.sonograd.nn.checkpoint;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Tensor;

/**
 * Reads and writes the safetensors format (huggingface/safetensors):
 *
 * <pre>
 *   [8 bytes]  N, the header length, unsigned little-endian
 *   [N bytes]  UTF-8 JSON: {"__metadata__": {string: string},
 *                           name: {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …}
 *   [rest]     the tensors' raw little-endian bytes, row-major; offsets count from the end of the header
 * </pre>
 *
 * Supported dtypes are those of {@link DType}: F32, F64, I64, U8, BOOL. {@link #write} is atomic: it
 * writes a temporary file in the target directory, forces it to disk, and renames it over the
 * target, so a crash leaves either the old file or the new one, never a torn one; it returns the
 * file's sha256 for the run manifest. {@link #read} validates the whole layout (header length, JSON,
 * dtypes, shapes, offsets that exactly tile the data section) and throws a
 * {@link CorruptCheckpointException} naming the file and the defect.
 */
public final class Safetensors {
    /** The header key of the string-to-string metadata map (provenance: recipe, commit, step…). */
    public static final String METADATA_KEY = "__metadata__";
    private static final long MAX_HEADER_BYTES = 100L << 20;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("Safetensors: tensor memory is stored in native order, which is"
                    + " big-endian here; safetensors data is little-endian");
        }
    }

    private Safetensors() {}

    /** The tensors of a file, in the order of their data, and its metadata (empty when absent). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * Writes {@code tensors} (in iteration order) and {@code metadata} to {@code file} atomically.
     *
     * @return the sha256 of the written file, as 64 lowercase hex digits
     */
    public static String write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(file, tensors, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        MessageDigest sha = sha256();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeAll(ch, prefix, sha);
                writeAll(ch, ByteBuffer.wrap(header), sha);
                for (Tensor t : tensors.values()) {
                    Tensor c = t.contiguous();
                    try {
                        writeAll(ch, bytesOf(c), sha);
                    } finally {
                        if (c != t) {
                            c.release();
                        }
                    }
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Writes {@code tensors} without metadata; see {@link #write(Path, Map, Map)}. */
    public static String write(Path file, Map<String, Tensor> tensors) throws IOException {
        return write(file, tensors, Map.of());
    }

    /**
     * Reads every tensor of {@code file} into new tensors owned by the current memory scope.
     *
     * @throws CorruptCheckpointException when the file is truncated or its header is malformed
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CorruptCheckpointException(file, "file of " + size
                        + " bytes is too short for the 8-byte header length of a safetensors file");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readAll(file, ch, prefix, 0);
            long headerBytes = prefix.getLong(0);
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || headerBytes > size - 8) {
                throw new CorruptCheckpointException(file, "header length " + Long.toUnsignedString(headerBytes)
                        + " does not fit a file of " + size + " bytes (at most " + Math.min(size - 8, MAX_HEADER_BYTES)
                        + "); the file is truncated or not safetensors");
            }
            ByteBuffer headerBuffer = ByteBuffer.allocate((int) headerBytes);
            readAll(file, ch, headerBuffer, 8);
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = parseHeader(file, headerBuffer.flip(), entries);
            long dataStart = 8 + headerBytes;
            checkTiling(file, entries, size - dataStart);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                for (Entry e : entries) {
                    Tensor t = Tensor.empty(e.dtype, e.shape);
                    tensors.put(e.name, t);
                    if (e.end > e.begin) {
                        readAll(file, ch, bytesOf(t), dataStart + e.begin);
                    }
                }
            } catch (IOException | RuntimeException ex) {
                tensors.values().forEach(Tensor::release);
                throw ex;
            }
            return new Contents(Collections.unmodifiableMap(tensors), metadata);
        }
    }

    /** The sha256 of a file's bytes, as 64 lowercase hex digits (to verify a manifest entry). */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) >= 0) {
                sha.update(buf.flip());
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    // ---------------------------------------------------------------- header

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private static byte[] header(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(Json.quote(METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.append(sep).append(Json.quote(m.getKey())).append(':').append(Json.quote(m.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors write " + file + ": tensor name " + METADATA_KEY
                        + " is reserved for metadata");
            }
            if (t.isReleased()) {
                throw new IllegalArgumentException("safetensors write " + file + ": tensor '" + name
                        + "' was already released");
            }
            long bytes = t.numel() * t.dtype().byteSize();
            StringBuilder shape = new StringBuilder("[");
            long[] s = t.shape();
            for (int i = 0; i < s.length; i++) {
                shape.append(i == 0 ? "" : ",").append(s[i]);
            }
            json.append(sep).append(Json.quote(name)).append(":{\"dtype\":\"").append(t.dtype().name())
                    .append("\",\"shape\":").append(shape).append("],\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            sep = ",";
        }
        json.append('}');
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        byte[] unpadded = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(unpadded, (unpadded.length + 7) / 8 * 8);
        Arrays.fill(bytes, unpadded.length, bytes.length, (byte) ' ');
        return bytes;
    }

    private static Map<String, String> parseHeader(Path file, ByteBuffer bytes, List<Entry> entries)
            throws CorruptCheckpointException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException ex) {
            throw new CorruptCheckpointException(file, "header is not valid UTF-8");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException ex) {
            throw new CorruptCheckpointException(file, "header is not valid JSON: " + ex.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new CorruptCheckpointException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) {
                    throw new CorruptCheckpointException(file, METADATA_KEY + " is not an object");
                }
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String value)) {
                        throw new CorruptCheckpointException(file, METADATA_KEY + " value of '" + m.getKey()
                                + "' is not a string");
                    }
                    metadata.put((String) m.getKey(), value);
                }
            } else {
                entries.add(entry(file, name, e.getValue()));
            }
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry entry(Path file, String name, Object spec) throws CorruptCheckpointException {
        if (!(spec instanceof Map<?, ?> fields)) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "': header entry is not an object");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(String.valueOf(fields.get("dtype")));
        } catch (IllegalArgumentException ex) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "': unsupported dtype " + fields.get("dtype")
                    + " (supported: F32, F64, I64, U8, BOOL)");
        }
        long[] shape = longs(file, name, "shape", fields.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", fields.get("data_offsets"), 2);
        long numel = 1;
        for (long d : shape) {
            numel = Math.multiplyExact(numel, d);
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != numel * dtype.byteSize()) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "': data_offsets [" + offsets[0] + ","
                    + offsets[1] + "] span " + (offsets[1] - offsets[0]) + " bytes, but " + dtype + " "
                    + Shapes.format(shape) + " needs " + numel * dtype.byteSize());
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path file, String name, String field, Object value, int length)
            throws CorruptCheckpointException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "': " + field + " is not a list"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "': " + field + " holds "
                        + list.get(i) + ", not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** The tensors' byte ranges must cover [0, dataBytes) exactly, without gaps or overlaps. */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes) throws CorruptCheckpointException {
        entries.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw new CorruptCheckpointException(file, "tensor '" + e.name + "' starts at data byte " + e.begin
                        + ", expected " + expected + " (tensor data must be contiguous, without gaps or overlaps)");
            }
            expected = e.end;
        }
        if (expected != dataBytes) {
            throw new CorruptCheckpointException(file, "header describes " + expected + " bytes of tensor data but the"
                    + " file holds " + dataBytes + (expected > dataBytes ? " (truncated)" : " (trailing bytes)"));
        }
    }

    // ---------------------------------------------------------------- I/O

    private static ByteBuffer bytesOf(Tensor contiguous) {
        MemorySegment data = contiguous.operand().data();
        long elementSize = contiguous.dtype().byteSize();
        return data.asSlice(contiguous.offset() * elementSize, contiguous.numel() * elementSize).asByteBuffer();
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf, MessageDigest sha) throws IOException {
        sha.update(buf.duplicate());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void readAll(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new CorruptCheckpointException(file, "unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot open or sync a directory; the rename itself is still atomic.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }
}
