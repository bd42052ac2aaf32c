package org.sonograd.io.read;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A DICOM (Part 10, or raw implicit-VR) reader for ultrasound images: little-endian implicit and
 * explicit VR; native pixel data of 8 or 16 bits, grey (MONOCHROME1/2), RGB (either planar
 * configuration), YBR_FULL and PALETTE COLOR with 8- or 16-bit LUT entries, normal or segmented
 * (PS3.3 C.7.9); multi-frame; RLE Lossless (PS3.5 Annex G); JPEG 2000 and baseline JPEG through
 * {@code javax.imageio} plugins (JPEG 2000 needs jai-imageio-jpeg2000 on the class path). Anything
 * else is refused with a message naming the file and the transfer syntax.
 */
public final class DicomReader {
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String RLE = "1.2.840.10008.1.2.5";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    private static final String J2K_LOSSLESS = "1.2.840.10008.1.2.4.90";
    private static final String J2K = "1.2.840.10008.1.2.4.91";
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;

    private final Path file;
    private final ByteBuffer b;
    private final Map<Integer, byte[]> values = new HashMap<>();
    private final List<byte[]> fragments = new ArrayList<>();
    private byte[] nativePixels;
    private boolean explicit;

    private DicomReader(Path file, byte[] bytes) {
        this.file = file;
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads and decodes every frame of {@code file}. */
    public static DicomImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SampleException(file, "cannot read", e);
        }
        DicomReader r = new DicomReader(file, bytes);
        try {
            return r.decode();
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new SampleException(file, "truncated or corrupt DICOM data", e);
        }
    }

    private DicomImage decode() {
        int pos;
        String syntax;
        if (b.limit() >= 132 && new String(b.array(), 128, 4, StandardCharsets.US_ASCII).equals("DICM")) {
            explicit = true;
            pos = parse(132, b.limit(), true);
            syntax = string(0x00020010);
            if (syntax == null) {
                throw new SampleException(file, "no transfer syntax in the file meta information");
            }
        } else {
            syntax = IMPLICIT_LE;
            pos = 0;
            if (b.limit() < 8 || (b.getShort(0) & 0xFFFF) != 0x0008) {
                throw new SampleException(file, "not a DICOM file (no DICM preamble, no group 0008 at the start)");
            }
        }
        explicit = !syntax.equals(IMPLICIT_LE);
        if (!List.of(IMPLICIT_LE, EXPLICIT_LE, RLE, JPEG_BASELINE, J2K_LOSSLESS, J2K).contains(syntax)) {
            throw new SampleException(file, "unsupported transfer syntax " + syntax);
        }
        parse(pos, b.limit(), false);
        if (nativePixels == null && fragments.isEmpty()) {
            throw new SampleException(file, "no pixel data");
        }
        int rows = integer(0x00280010, -1);
        int cols = integer(0x00280011, -1);
        int samples = integer(0x00280002, 1);
        int bits = integer(0x00280100, 8);
        int stored = integer(0x00280101, bits);
        int signed = integer(0x00280103, 0);
        int planar = integer(0x00280006, 0);
        String frameText = string(0x00280008);
        int frames = frameText == null || frameText.isBlank() ? 1 : Integer.parseInt(frameText.trim());
        String photometric = string(0x00280004);
        photometric = photometric == null ? "MONOCHROME2" : photometric.trim();
        if (rows <= 0 || cols <= 0) {
            throw new SampleException(file, "missing rows/columns");
        }
        List<Picture> out = new ArrayList<>();
        if (syntax.equals(J2K) || syntax.equals(J2K_LOSSLESS) || syntax.equals(JPEG_BASELINE)) {
            for (byte[] frame : frameFragments(frames)) {
                out.add(imageIo(frame, syntax, photometric));
            }
            return new DicomImage(out, photometric, syntax, bits);
        }
        int frameSamples = rows * cols * samples;
        int[][] planes = new int[frames][];
        if (syntax.equals(RLE)) {
            List<byte[]> perFrame = frameFragments(frames);
            for (int f = 0; f < frames; f++) {
                planes[f] = rleFrame(perFrame.get(f), rows * cols, samples, bits);
            }
            planar = 1;
        } else {
            int bytesPer = bits / 8;
            if (bits != 8 && bits != 16) {
                throw new SampleException(file, "unsupported bits allocated " + bits);
            }
            long need = (long) frames * frameSamples * bytesPer;
            if (nativePixels.length < need) {
                throw new SampleException(file, "truncated pixel data: " + nativePixels.length + " bytes, need " + need);
            }
            ByteBuffer p = ByteBuffer.wrap(nativePixels).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < frames; f++) {
                int[] v = new int[frameSamples];
                for (int i = 0; i < frameSamples; i++) {
                    int at = (f * frameSamples + i) * bytesPer;
                    v[i] = bytesPer == 1 ? p.get(at) & 0xFF : p.getShort(at) & 0xFFFF;
                }
                planes[f] = v;
            }
        }
        Lut[] lut = photometric.equals("PALETTE COLOR") ? palette() : null;
        for (int f = 0; f < frames; f++) {
            out.add(toPicture(planes[f], rows, cols, samples, planar, stored, signed, photometric, lut));
        }
        return new DicomImage(out, photometric, syntax, bits);
    }

    private Picture toPicture(int[] v, int rows, int cols, int samples, int planar, int stored, int signed,
                              String photometric, Lut[] lut) {
        int n = rows * cols;
        float max = (float) ((1L << stored) - 1);
        switch (photometric) {
            case "MONOCHROME1", "MONOCHROME2" -> {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    int raw = v[i] & (int) ((1L << stored) - 1);
                    if (signed == 1 && (raw & (1 << (stored - 1))) != 0) {
                        raw -= 1 << stored;
                    }
                    float x = signed == 1 ? (raw + (1 << (stored - 1))) / max : raw / max;
                    g[i] = photometric.equals("MONOCHROME1") ? 1 - x : x;
                }
                return new Picture(rows, cols, 1, g);
            }
            case "PALETTE COLOR" -> {
                float[] rgb = new float[3 * n];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * i + c] = lut[c].map(v[i]);
                    }
                }
                return new Picture(rows, cols, 3, rgb);
            }
            case "RGB", "YBR_FULL" -> {
                if (samples != 3) {
                    throw new SampleException(file, photometric + " with " + samples + " samples per pixel");
                }
                float[] rgb = new float[3 * n];
                for (int i = 0; i < n; i++) {
                    float[] s = new float[3];
                    for (int c = 0; c < 3; c++) {
                        s[c] = (planar == 0 ? v[3 * i + c] : v[c * n + i]) / max;
                    }
                    if (photometric.equals("YBR_FULL")) {
                        // PS3.3 C.7.6.3.1.2: R = Y + 1.402(Cr−½), G = Y − 0.344136(Cb−½) − 0.714136(Cr−½), B = Y + 1.772(Cb−½)
                        float y = s[0];
                        float cb = s[1] - 0.5f;
                        float cr = s[2] - 0.5f;
                        s[0] = y + 1.402f * cr;
                        s[1] = y - 0.344136f * cb - 0.714136f * cr;
                        s[2] = y + 1.772f * cb;
                    }
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * i + c] = Math.clamp(s[c], 0f, 1f);
                    }
                }
                return new Picture(rows, cols, 3, rgb);
            }
            default -> throw new SampleException(file, "unsupported photometric interpretation " + photometric);
        }
    }

    /** A palette lookup table: index = value − first, clamped; entries scaled by their bit depth. */
    private record Lut(int first, float[] entries) {
        float map(int value) {
            return entries[Math.clamp(value - first, 0, entries.length - 1)];
        }
    }

    private Lut[] palette() {
        Lut[] luts = new Lut[3];
        for (int c = 0; c < 3; c++) {
            byte[] desc = values.get(0x00281101 + c);
            if (desc == null || desc.length < 6) {
                throw new SampleException(file, "PALETTE COLOR without a LUT descriptor");
            }
            ByteBuffer d = ByteBuffer.wrap(desc).order(ByteOrder.LITTLE_ENDIAN);
            int count = d.getShort(0) & 0xFFFF;
            count = count == 0 ? 65536 : count;
            int first = d.getShort(2) & 0xFFFF;
            int bits = d.getShort(4) & 0xFFFF;
            int[] raw;
            byte[] data = values.get(0x00281201 + c);
            if (data != null) {
                raw = words(data);
            } else {
                byte[] segmented = values.get(0x00281221 + c);
                if (segmented == null) {
                    throw new SampleException(file, "PALETTE COLOR without LUT data");
                }
                raw = segmentedLut(words(segmented), count);
            }
            float[] entries = new float[count];
            float scale = 1f / ((1 << bits) - 1);
            for (int i = 0; i < count; i++) {
                int w = i < raw.length ? raw[i] : raw[raw.length - 1];
                entries[i] = Math.clamp((bits == 8 ? w & 0xFF : w) * scale, 0f, 1f);
            }
            luts[c] = new Lut(first, entries);
        }
        return luts;
    }

    private static int[] words(byte[] data) {
        ByteBuffer w = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[data.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.getShort(2 * i) & 0xFFFF;
        }
        return out;
    }

    // PS3.3 C.7.9.2: opcode 0 discrete (n values), 1 linear (ramp of n to y), 2 indirect (replay n segments at offset)
    private int[] segmentedLut(int[] seg, int count) {
        List<Integer> out = new ArrayList<>();
        expandSegments(seg, 0, seg.length, Integer.MAX_VALUE, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void expandSegments(int[] seg, int start, int end, int maxSegments, List<Integer> out) {
        int i = start;
        int done = 0;
        while (i < end && done < maxSegments) {
            int op = seg[i];
            int n = seg[i + 1];
            switch (op) {
                case 0 -> {
                    for (int k = 0; k < n; k++) {
                        out.add(seg[i + 2 + k]);
                    }
                    i += 2 + n;
                }
                case 1 -> {
                    int y0 = out.isEmpty() ? 0 : out.getLast();
                    int y1 = seg[i + 2];
                    for (int k = 1; k <= n; k++) {
                        out.add((int) Math.round(y0 + (y1 - y0) * (double) k / n));
                    }
                    i += 3;
                }
                case 2 -> {
                    int offset = seg[i + 2] | seg[i + 3] << 16;
                    expandSegments(seg, offset, end, n, out);
                    i += 4;
                }
                default -> throw new SampleException(file, "bad segmented palette opcode " + op);
            }
            done++;
        }
    }

    private List<byte[]> frameFragments(int frames) {
        List<byte[]> data = fragments.subList(1, fragments.size());
        if (data.size() == frames) {
            return data;
        }
        if (frames == 1) {
            int total = data.stream().mapToInt(x -> x.length).sum();
            byte[] all = new byte[total];
            int at = 0;
            for (byte[] x : data) {
                System.arraycopy(x, 0, all, at, x.length);
                at += x.length;
            }
            return List.of(all);
        }
        throw new SampleException(file, data.size() + " pixel-data fragments for " + frames + " frames");
    }

    // PS3.5 G.3: 64-byte header (segment count, 15 offsets), then PackBits segments, one per byte plane (MSB first) per sample
    private int[] rleFrame(byte[] frame, int pixels, int samples, int bits) {
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = h.getInt(0);
        int bytesPer = bits / 8;
        if (segments != samples * bytesPer) {
            throw new SampleException(file, "RLE frame has " + segments + " segments, expected " + samples * bytesPer);
        }
        int[] out = new int[pixels * samples];
        for (int s = 0; s < segments; s++) {
            int start = h.getInt(4 + 4 * s);
            int end = s + 1 < segments ? h.getInt(8 + 4 * s) : frame.length;
            byte[] plane = packBits(frame, start, end, pixels);
            int sample = s / bytesPer;
            int shift = 8 * (bytesPer - 1 - s % bytesPer);
            for (int i = 0; i < pixels; i++) {
                out[sample * pixels + i] |= (plane[i] & 0xFF) << shift;
            }
        }
        return out;
    }

    private byte[] packBits(byte[] src, int start, int end, int length) {
        byte[] out = new byte[length];
        int o = 0;
        int i = start;
        while (o < length && i < end) {
            int n = src[i++];
            if (n >= 0) {
                for (int k = 0; k <= n && o < length; k++) {
                    out[o++] = src[i++];
                }
            } else if (n != -128) {
                byte v = src[i++];
                for (int k = 0; k < 1 - n && o < length; k++) {
                    out[o++] = v;
                }
            }
        }
        if (o < length) {
            throw new SampleException(file, "RLE segment decodes to " + o + " bytes, need " + length + " (truncated)");
        }
        return out;
    }

    private Picture imageIo(byte[] frame, String syntax, String photometric) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(frame));
        } catch (IOException | RuntimeException e) {
            throw new SampleException(file, "cannot decode " + name(syntax) + " frame", e);
        }
        if (img == null) {
            throw new SampleException(file, name(syntax) + " pixel data (transfer syntax " + syntax
                    + ") is not supported: no image decoder for it on the class path");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        boolean colour = img.getRaster().getNumBands() >= 3;
        float[] px = new float[h * w * (colour ? 3 : 1)];
        int[] s = new int[img.getRaster().getNumBands()];
        float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().getPixel(x, y, s);
                for (int c = 0; c < (colour ? 3 : 1); c++) {
                    px[(y * w + x) * (colour ? 3 : 1) + c] = s[c] / max;
                }
            }
        }
        return new Picture(h, w, colour ? 3 : 1, px);
    }

    private static String name(String syntax) {
        return syntax.equals(JPEG_BASELINE) ? "JPEG baseline" : "JPEG 2000";
    }

    /** Parses elements in [pos, end); in meta mode stops after group 0002. Returns the position reached. */
    private int parse(int pos, int end, boolean meta) {
        while (pos + 8 <= end) {
            int group = b.getShort(pos) & 0xFFFF;
            if (meta && group != 0x0002) {
                return pos;
            }
            int tag = group << 16 | (b.getShort(pos + 2) & 0xFFFF);
            boolean explicitHere = meta || explicit;
            String vr = null;
            long length;
            int header;
            if (tag == ITEM || tag == ITEM_END || tag == SEQUENCE_END) {
                length = b.getInt(pos + 4) & 0xFFFFFFFFL;
                header = 8;
            } else if (explicitHere) {
                vr = new String(b.array(), pos + 4, 2, StandardCharsets.US_ASCII);
                if (List.of("OB", "OW", "OF", "SQ", "UT", "UN", "OD", "OL", "OV", "UC", "UR").contains(vr)) {
                    length = b.getInt(pos + 8) & 0xFFFFFFFFL;
                    header = 12;
                } else {
                    length = b.getShort(pos + 6) & 0xFFFF;
                    header = 8;
                }
            } else {
                length = b.getInt(pos + 4) & 0xFFFFFFFFL;
                header = 8;
            }
            int value = pos + header;
            if (tag == PIXEL_DATA) {
                if (length == 0xFFFFFFFFL) {
                    readFragments(value, end);
                } else {
                    checkLength(value, length, end, tag);
                    nativePixels = java.util.Arrays.copyOfRange(b.array(), value, (int) (value + length));
                }
                return end;
            }
            if (length == 0xFFFFFFFFL) {
                pos = skipUndefined(value, end);
                continue;
            }
            checkLength(value, length, end, tag);
            if ((tag >>> 16) == 0x0002 || (tag >>> 16) == 0x0028) {
                values.put(tag, java.util.Arrays.copyOfRange(b.array(), value, (int) (value + length)));
            }
            pos = (int) (value + length);
        }
        return pos;
    }

    private void checkLength(int value, long length, int end, int tag) {
        if (value + length > end) {
            throw new SampleException(file, String.format("element (%04X,%04X) of %d bytes runs past the end (truncated)",
                    tag >>> 16, tag & 0xFFFF, length));
        }
    }

    // skips a sequence or item of undefined length: items until the sequence delimiter
    private int skipUndefined(int pos, int end) {
        int depth = 1;
        while (pos + 8 <= end) {
            int tag = (b.getShort(pos) & 0xFFFF) << 16 | (b.getShort(pos + 2) & 0xFFFF);
            long length = b.getInt(pos + 4) & 0xFFFFFFFFL;
            if (tag == SEQUENCE_END || tag == ITEM_END) {
                pos += 8;
                if (tag == SEQUENCE_END && --depth == 0) {
                    return pos;
                }
                continue;
            }
            if (tag == ITEM) {
                pos += 8;
                if (length != 0xFFFFFFFFL) {
                    pos += (int) length;
                }
                continue;
            }
            // an element inside an undefined-length item
            boolean ex = explicit;
            String vr = ex ? new String(b.array(), pos + 4, 2, StandardCharsets.US_ASCII) : null;
            int header = 8;
            if (ex && List.of("OB", "OW", "OF", "SQ", "UT", "UN", "OD", "OL", "OV", "UC", "UR").contains(vr)) {
                length = b.getInt(pos + 8) & 0xFFFFFFFFL;
                header = 12;
            } else if (ex) {
                length = b.getShort(pos + 6) & 0xFFFF;
            }
            pos += header;
            if (length == 0xFFFFFFFFL) {
                depth++;
            } else {
                pos += (int) length;
            }
        }
        throw new SampleException(file, "sequence of undefined length never ends (truncated)");
    }

    private void readFragments(int pos, int end) {
        while (pos + 8 <= end) {
            int tag = (b.getShort(pos) & 0xFFFF) << 16 | (b.getShort(pos + 2) & 0xFFFF);
            int length = b.getInt(pos + 4);
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw new SampleException(file, "bad fragment item tag " + Integer.toHexString(tag));
            }
            checkLength(pos + 8, length & 0xFFFFFFFFL, end, tag);
            fragments.add(java.util.Arrays.copyOfRange(b.array(), pos + 8, pos + 8 + length));
            pos += 8 + length;
        }
        throw new SampleException(file, "encapsulated pixel data has no sequence delimiter (truncated)");
    }

    private String string(int tag) {
        byte[] v = values.get(tag);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    private int integer(int tag, int fallback) {
        byte[] v = values.get(tag);
        if (v == null || v.length < 2) {
            return fallback;
        }
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF;
    }
}
