package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Data movement: strided (permuted) copy with dtype conversion, and concatenation. Split is a set of
 * views and stack is a concatenation of unsqueezed views, both in the tensor module.
 *
 * <p>{@link #copy} picks one of three paths: (1) same dtype and unit stride on both sides: a
 * {@link MemorySegment#copy} per merged row; (2) same dtype, destination unit stride on its
 * innermost dim, source unit stride on another dim: a blocked transpose in {@value #TILE}×{@value
 * #TILE} tiles, so the strided side of every tile stays in L1; (3) otherwise a row loop that moves
 * or converts one element at a time. All paths are exact, so they agree bit for bit.
 */
public final class LayoutKernels {
    /** Elements per parallel task of the row paths. */
    static final long GRAIN = 1 << 16;
    /** Side of a transpose tile: 32 rows of 32 elements, 4 KiB of F32 per side. */
    static final int TILE = 32;

    private LayoutKernels() {}

    /**
     * dst = src element by element over {@code shape}, converting the dtype when they differ (float
     * to integer truncates toward zero, any to BOOL is x != 0). A permuted or transposed source
     * becomes a contiguous destination this way.
     */
    public static void copy(long[] shape, Operand src, Operand dst) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        StridedRows rows = new StridedRows(shape, src, dst);
        long ss = rows.innerStride(0);
        long ds = rows.innerStride(1);
        boolean sameType = src.dtype() == dst.dtype();
        if (sameType && ds == 1 && ss != 1) {
            int k = transposeDim(shape, src, dst);
            if (k >= 0) {
                Transpose.copy(shape, k, src, dst);
                return;
            }
        }
        MemorySegment sd = src.data();
        MemorySegment dd = dst.data();
        DType st = src.dtype();
        DType dt = dst.dtype();
        int w = st.byteSize();
        rows.forEachParallel(GRAIN, (off, n) -> {
            if (sameType && ss == 1 && ds == 1) {
                MemorySegment.copy(sd, off[0] * w, dd, off[1] * w, n * w);
            } else if (sameType) {
                moveRow(sd, off[0], ss, dd, off[1], ds, n, w);
            } else {
                convertRow(sd, st, off[0], ss, dd, dt, off[1], ds, n);
            }
        });
    }

    /**
     * The dim to tile against the destination's innermost dim: one where the source has unit stride
     * (and the destination not), or -1 when there is none and the row path is better.
     */
    private static int transposeDim(long[] shape, Operand src, Operand dst) {
        int inner = shape.length - 1;
        while (inner >= 0 && shape[inner] == 1) {
            inner--;
        }
        for (int d = inner - 1; d >= 0; d--) {
            if (shape[d] > 1 && src.strides()[d] == 1 && dst.strides()[d] != 1) {
                return d;
            }
        }
        return -1;
    }

    // dst[i·ds] = src[i·ss] bit for bit, elements of w bytes
    private static void moveRow(MemorySegment s, long so, long ss, MemorySegment d, long dOff, long ds, long n, int w) {
        switch (w) {
            case 1 -> {
                for (long i = 0; i < n; i++) {
                    d.set(Elements.BYTE, dOff + i * ds, s.get(Elements.BYTE, so + i * ss));
                }
            }
            case 4 -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(Elements.BITS32, dOff + i * ds, s.getAtIndex(Elements.BITS32, so + i * ss));
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(Elements.I64, dOff + i * ds, s.getAtIndex(Elements.I64, so + i * ss));
                }
            }
        }
    }

    // dst[i·ds] = convert(src[i·ss]), the rules of Elements
    private static void convertRow(MemorySegment s, DType st, long so, long ss, MemorySegment d, DType dt, long dOff, long ds, long n) {
        switch (dt) {
            case F32 -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(Elements.F32, dOff + i * ds, Elements.readFloat(s, st, so + i * ss));
                }
            }
            case F64 -> {
                for (long i = 0; i < n; i++) {
                    d.setAtIndex(Elements.F64, dOff + i * ds, Elements.readDouble(s, st, so + i * ss));
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    Elements.convert(s, st, so + i * ss, d, dt, dOff + i * ds);
                }
            }
        }
    }

    /** Concatenates {@code inputs} (with shapes {@code shapes}, equal except at {@code dim}) along dim into out. */
    public static void cat(long[][] shapes, Operand[] inputs, int dim, Operand out) {
        if (shapes.length != inputs.length || shapes.length == 0) {
            throw new IllegalArgumentException("cat: " + inputs.length + " inputs but " + shapes.length + " shapes");
        }
        int rank = shapes[0].length;
        if (dim < 0 || dim >= rank) {
            throw new IllegalArgumentException("cat: dim " + dim + " out of range for rank " + rank);
        }
        for (long[] s : shapes) {
            boolean same = s.length == rank;
            for (int d = 0; same && d < rank; d++) {
                same = d == dim || s[d] == shapes[0][d];
            }
            if (!same) {
                throw new IllegalArgumentException("cat: shapes " + Shapes.format(shapes[0]) + " and " + Shapes.format(s)
                        + " must match in every dim except " + dim);
            }
        }
        // each input is a copy into the slice of out that starts at the running offset along dim
        long start = 0;
        for (int i = 0; i < inputs.length; i++) {
            Operand slice = new Operand(out.data(), out.dtype(), out.offset() + start * out.strides()[dim], out.strides());
            copy(shapes[i], inputs[i], slice);
            start += shapes[i][dim];
        }
    }
}
