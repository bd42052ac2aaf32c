package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Builds strided operands over shared-arena buffers for the kernel tests, and compares them. */
final class TestOperands implements AutoCloseable {
    /** How an operand of a logical shape is laid out in its buffer. */
    enum Layout {
        /** row-major, dense */
        CONTIGUOUS,
        /** dims stored in reverse order (a transpose for 2-D) */
        PERMUTED,
        /** every dim sliced with step 2 out of a buffer twice as large, at offset 3 */
        STEPPED
    }

    private final Arena arena = Arena.ofShared();
    final Random random;

    TestOperands(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public void close() {
        arena.close();
    }

    MemorySegment buffer(DType t, long elements) {
        return arena.allocate(Math.max(1, elements) * t.byteSize(), 64);
    }

    /** An operand of {@code shape} with the given layout; its buffer is filled with random values. */
    Operand operand(DType t, long[] shape, Layout layout) {
        int r = shape.length;
        long[] strides = new long[r];
        long offset = 0;
        long elements;
        switch (layout) {
            case CONTIGUOUS -> {
                strides = Shapes.contiguousStrides(shape);
                elements = Shapes.numel(shape);
            }
            case PERMUTED -> {
                long s = 1;
                for (int d = 0; d < r; d++) { // dim 0 is innermost in memory
                    strides[d] = s;
                    s *= shape[d];
                }
                elements = s;
            }
            default -> {
                long s = 2;
                for (int d = r - 1; d >= 0; d--) {
                    strides[d] = s;
                    s *= 2 * shape[d];
                }
                offset = 3;
                elements = s + offset;
            }
        }
        MemorySegment data = buffer(t, elements);
        randomize(data, t, elements, -4, 4);
        return new Operand(data, t, offset, strides);
    }

    /** The same operand with stride 0 on every dim where {@code broadcastDims[d]} is true. */
    static Operand broadcast(Operand o, boolean... broadcastDims) {
        long[] strides = o.strides().clone();
        for (int d = 0; d < strides.length; d++) {
            if (broadcastDims[d]) {
                strides[d] = 0;
            }
        }
        return new Operand(o.data(), o.dtype(), o.offset(), strides);
    }

    /** Fills elements [0, n) of a buffer with uniform values in [lo, hi) (0/1 for BOOL, 0..255 for U8). */
    void randomize(MemorySegment data, DType t, long n, double lo, double hi) {
        for (long i = 0; i < n; i++) {
            double v = lo + (hi - lo) * random.nextDouble();
            switch (t) {
                case F32 -> data.setAtIndex(Elements.F32, i, (float) v);
                case F64 -> data.setAtIndex(Elements.F64, i, v);
                case I64 -> data.setAtIndex(Elements.I64, i, Math.round(v));
                case U8 -> data.set(Elements.BYTE, i, (byte) random.nextInt(256));
                case BOOL -> data.set(Elements.BYTE, i, (byte) random.nextInt(2));
            }
        }
    }

    /** A contiguous operand holding {@code values} converted to dtype t. */
    Operand of(DType t, long[] shape, double... values) {
        MemorySegment data = buffer(t, values.length);
        for (int i = 0; i < values.length; i++) {
            Elements.writeDouble(data, t, i, values[i]);
        }
        return Operand.contiguous(data, t, 0, shape);
    }

    /** A contiguous operand with the same dtype, shape and values as {@code o}, in a new buffer. */
    Operand copyOf(long[] shape, Operand o) {
        Operand c = Operand.contiguous(buffer(o.dtype(), Shapes.numel(shape)), o.dtype(), 0, shape);
        if (Shapes.numel(shape) > 0) {
            long[] p = new long[shape.length];
            do {
                Elements.convert(o.data(), o.dtype(), Elements.offsetOf(o, p), c.data(), c.dtype(), Elements.offsetOf(c, p));
            } while (Elements.next(p, shape));
        }
        return c;
    }

    /** Element values of an operand in row-major order, as doubles. */
    static double[] values(long[] shape, Operand o) {
        double[] v = new double[(int) Shapes.numel(shape)];
        if (v.length == 0) {
            return v;
        }
        long[] p = new long[shape.length];
        int i = 0;
        do {
            v[i++] = Elements.readDouble(o.data(), o.dtype(), Elements.offsetOf(o, p));
        } while (Elements.next(p, shape));
        return v;
    }

    /** Asserts the two operands hold the same bits at every position of {@code shape}. */
    static void assertSameBits(String what, long[] shape, Operand expected, Operand actual) {
        assertClose(what, shape, expected, actual, 0);
    }

    /**
     * Asserts the operands agree at every position within {@code maxUlps} units in the last place of
     * the expected value (NaN matches NaN; infinities and zeros must match exactly in value).
     */
    static void assertClose(String what, long[] shape, Operand expected, Operand actual, int maxUlps) {
        double[] e = values(shape, expected);
        double[] a = values(shape, actual);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) {
                continue;
            }
            double ulp = expected.dtype() == DType.F32 ? Math.ulp((float) e[i]) : Math.ulp(e[i]);
            boolean sameBits = Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(a[i]);
            boolean close = maxUlps > 0 && Double.isFinite(e[i]) && Math.abs(e[i] - a[i]) <= maxUlps * ulp;
            if (!sameBits && !close) {
                fail(what + ": element " + i + " of " + Shapes.format(shape) + " expected " + e[i] + " but got " + a[i]
                        + (maxUlps > 0 ? " (tolerance " + maxUlps + " ulp)" : " (bit-exact)"));
            }
        }
    }
}
