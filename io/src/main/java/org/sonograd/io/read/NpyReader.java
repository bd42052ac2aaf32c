package org.sonograd.io.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1–3): magic {@code \x93NUMPY}, version, header length
 * (2 bytes in v1, 4 in v2/3), a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}, then the raw data. Supports bool, signed and unsigned 8/16/32/64-bit integers and
 * 16/32/64-bit floats in either byte order; Fortran-order data is reordered to C order.
 */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /** Reads the array in C order. */
    public static NdArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SampleException(file, "cannot read", e);
        }
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new SampleException(file, "not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = b.getInt(8);
            headerStart = 12;
        } else {
            throw new SampleException(file, "unsupported .npy version " + major);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new SampleException(file, "truncated header");
        }
        String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new SampleException(file, "malformed header " + header.trim());
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        boolean fortran = f.group(1).equals("True");
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        int dataStart = headerStart + headerLength;
        if (dataStart + count * width > bytes.length) {
            throw new SampleException(file, "truncated data: need " + count * width + " bytes for shape "
                    + java.util.Arrays.toString(shape) + ", have " + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        double[] values = new double[(int) count];
        for (int i = 0; i < count; i++) {
            values[i] = element(file, data, i * width, kind, width);
        }
        if (fortran && shape.length > 1) {
            values = fortranToC(values, shape);
        }
        return new NdArray(shape, values);
    }

    private static double element(Path file, ByteBuffer b, int at, char kind, int width) {
        return switch (kind) {
            case 'f' -> switch (width) {
                case 2 -> Float.float16ToFloat(b.getShort(at));
                case 4 -> b.getFloat(at);
                case 8 -> b.getDouble(at);
                default -> throw new SampleException(file, "unsupported float width " + width);
            };
            case 'i' -> switch (width) {
                case 1 -> b.get(at);
                case 2 -> b.getShort(at);
                case 4 -> b.getInt(at);
                case 8 -> b.getLong(at);
                default -> throw new SampleException(file, "unsupported int width " + width);
            };
            case 'u' -> switch (width) {
                case 1 -> b.get(at) & 0xFF;
                case 2 -> b.getShort(at) & 0xFFFF;
                case 4 -> b.getInt(at) & 0xFFFFFFFFL;
                case 8 -> unsigned(b.getLong(at));
                default -> throw new SampleException(file, "unsupported uint width " + width);
            };
            case 'b' -> b.get(at) != 0 ? 1 : 0;
            default -> throw new SampleException(file, "unsupported dtype kind '" + kind + "'");
        };
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    // element (i0..in) sits at Σ i_k·Π_{j<k} d_j in Fortran order and at Σ i_k·Π_{j>k} d_j in C order
    private static double[] fortranToC(double[] f, long[] shape) {
        int n = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[n];
        for (int ci = 0; ci < c.length; ci++) {
            int fi = 0;
            int stride = 1;
            for (int k = 0; k < n; k++) {
                fi += idx[k] * stride;
                stride *= (int) shape[k];
            }
            c[ci] = f[fi];
            for (int k = n - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }
}
