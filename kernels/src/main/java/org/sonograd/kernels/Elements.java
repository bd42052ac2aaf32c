package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes single elements of a buffer by dtype, and holds the one definition of dtype
 * conversion: float to integer truncates toward zero (Java's saturating cast, NaN gives 0), integer
 * to U8 keeps the low 8 bits, anything to BOOL is {@code x != 0} (so NaN is true), BOOL and U8 read
 * as 0/1 and 0..255. Indices count elements; the layouts are unaligned so any segment works.
 */
final class Elements {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfInt BITS32 = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private Elements() {}

    static float readFloat(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> s.getAtIndex(F32, i);
            case F64 -> (float) s.getAtIndex(F64, i);
            case I64 -> (float) s.getAtIndex(I64, i);
            case U8 -> s.get(BYTE, i) & 0xFF;
            case BOOL -> s.get(BYTE, i) != 0 ? 1f : 0f;
        };
    }

    static double readDouble(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> s.getAtIndex(F32, i);
            case F64 -> s.getAtIndex(F64, i);
            case I64 -> (double) s.getAtIndex(I64, i);
            case U8 -> s.get(BYTE, i) & 0xFF;
            case BOOL -> s.get(BYTE, i) != 0 ? 1.0 : 0.0;
        };
    }

    static long readLong(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> (long) s.getAtIndex(F32, i);
            case F64 -> (long) s.getAtIndex(F64, i);
            case I64 -> s.getAtIndex(I64, i);
            case U8 -> s.get(BYTE, i) & 0xFF;
            case BOOL -> s.get(BYTE, i) != 0 ? 1 : 0;
        };
    }

    static boolean readBool(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> s.getAtIndex(F32, i) != 0f;
            case F64 -> s.getAtIndex(F64, i) != 0.0;
            case I64 -> s.getAtIndex(I64, i) != 0;
            case U8, BOOL -> s.get(BYTE, i) != 0;
        };
    }

    /** dst[di] = src[si] converted from the source dtype to the destination dtype. */
    static void convert(MemorySegment src, DType srcType, long si, MemorySegment dst, DType dstType, long di) {
        switch (dstType) {
            case F32 -> dst.setAtIndex(F32, di, readFloat(src, srcType, si));
            case F64 -> dst.setAtIndex(F64, di, readDouble(src, srcType, si));
            case I64 -> dst.setAtIndex(I64, di, readLong(src, srcType, si));
            case U8 -> dst.set(BYTE, di, (byte) readLong(src, srcType, si));
            case BOOL -> dst.set(BYTE, di, readBool(src, srcType, si) ? (byte) 1 : (byte) 0);
        }
    }

    /** dst[di] = src[si] bit for bit, for elements of {@code byteSize} 1, 4 or 8. */
    static void move(MemorySegment src, long si, MemorySegment dst, long di, int byteSize) {
        switch (byteSize) {
            case 1 -> dst.set(BYTE, di, src.get(BYTE, si));
            case 4 -> dst.setAtIndex(BITS32, di, src.getAtIndex(BITS32, si));
            default -> dst.setAtIndex(I64, di, src.getAtIndex(I64, si));
        }
    }

    /** Writes {@code value} converted to dtype t (same rules as {@link #convert}). */
    static void writeDouble(MemorySegment s, DType t, long i, double value) {
        switch (t) {
            case F32 -> s.setAtIndex(F32, i, (float) value);
            case F64 -> s.setAtIndex(F64, i, value);
            case I64 -> s.setAtIndex(I64, i, (long) value);
            case U8 -> s.set(BYTE, i, (byte) (long) value);
            case BOOL -> s.set(BYTE, i, value != 0.0 ? (byte) 1 : (byte) 0);
        }
    }

    /** Element offset of multi-index {@code index} in an operand. */
    static long offsetOf(Operand o, long[] index) {
        long off = o.offset();
        for (int d = 0; d < index.length; d++) {
            off += index[d] * o.strides()[d];
        }
        return off;
    }

    /** Advances a row-major multi-index over {@code shape}; returns false after the last one. */
    static boolean next(long[] index, long[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return true;
            }
            index[d] = 0;
        }
        return false;
    }
}
