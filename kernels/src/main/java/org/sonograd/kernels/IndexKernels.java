package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Index-driven kernels. Index operands are I64; an index out of range throws an
 * {@link IndexOutOfBoundsException} naming the kernel, the index, its position and the bound.
 *
 * <p>gather, indexSelect, maskedFill and where only move values, so they take data of any dtype
 * (F32, F64, I64, U8, BOOL: x and out must match); scatterAdd adds, so it takes F32 and F64. The
 * trick for strided indexing: the data operand is given stride 0 along {@code dim}, so
 * {@link StridedRows} walks it in step with the index, and the element read is that base plus
 * index · stride[dim]. gather, indexSelect, maskedFill and where check indices as they go: after an
 * out-of-range error, out may be partly written. scatterAdd checks every index before it adds, so
 * out is left untouched.
 */
public final class IndexKernels {
    /** Elements per parallel task. */
    static final long GRAIN = 1 << 15;

    private IndexKernels() {}

    /**
     * out[p] = x[p with p[dim] replaced by index[p]] for every position p of {@code indexShape}
     * (torch.gather). {@code xDimSize} is the size of x along dim, for bounds checks.
     */
    public static void gather(long[] indexShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        requireDim("gather", indexShape, dim);
        requireIndex("gather", index);
        requireSameType("gather", x, out);
        gatherAlong("gather", indexShape, dim, x, xDimSize, index, out);
    }

    // out[p] = x[p with p[dim] = index[p]]; the copy of a whole row when the index is constant along it
    private static void gatherAlong(String kernel, long[] shape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long xDimStride = x.strides()[dim];
        StridedRows rows = new StridedRows(shape, withStride(x, dim, 0), index, out);
        long xs = rows.innerStride(0);
        long is = rows.innerStride(1);
        long os = rows.innerStride(2);
        MemorySegment xd = x.data();
        MemorySegment id = index.data();
        MemorySegment od = out.data();
        int w = x.dtype().byteSize();
        rows.forEachParallel(GRAIN, (off, n) -> {
            if (is == 0 && xs == 1 && os == 1) {
                long i = id.getAtIndex(Elements.I64, off[1]);
                if (!IndexBounds.inRange(i, xDimSize)) {
                    throw IndexBounds.firstOutOfRange(kernel, shape, index, xDimSize, dim, i);
                }
                MemorySegment.copy(xd, (off[0] + i * xDimStride) * w, od, off[2] * w, n * w);
                return;
            }
            for (long e = 0; e < n; e++) {
                long i = id.getAtIndex(Elements.I64, off[1] + e * is);
                if (!IndexBounds.inRange(i, xDimSize)) {
                    throw IndexBounds.firstOutOfRange(kernel, shape, index, xDimSize, dim, i);
                }
                Elements.move(xd, off[0] + e * xs + i * xDimStride, od, off[2] + e * os, w);
            }
        });
    }

    /**
     * out[p with p[dim] replaced by index[p]] += src[p] for every position p of {@code indexShape}
     * (torch.scatter_add_), applied in row-major order of p so the sum is deterministic.
     *
     * <p>Two positions p can only hit the same element of out when they differ at dim alone, so the
     * work is cut into lines along dim: each line is summed in increasing p[dim] by one task, which
     * gives the bits of the serial row-major order on any number of threads. out must not broadcast
     * (stride 0) over a dim of size &gt; 1 other than dim, since lines would then collide.
     */
    public static void scatterAdd(long[] indexShape, int dim, Operand index, Operand src, Operand out, long outDimSize) {
        requireDim("scatterAdd", indexShape, dim);
        requireIndex("scatterAdd", index);
        requireSameType("scatterAdd", src, out);
        if (!src.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("scatterAdd: src and out must be F32 or F64, got " + src.dtype());
        }
        for (int d = 0; d < indexShape.length; d++) {
            if (d != dim && indexShape[d] > 1 && out.strides()[d] == 0) {
                throw new IllegalArgumentException("scatterAdd: out broadcasts (stride 0) over dim " + d + " of index shape "
                        + Shapes.format(indexShape) + "; the output of a scatter must not alias itself");
            }
        }
        IndexBounds.requireInRange("scatterAdd", indexShape, index, outDimSize, dim);
        if (Shapes.numel(indexShape) == 0) {
            return;
        }
        long outDimStride = out.strides()[dim];
        // move dim innermost so that every row is one line along dim
        long[] lineShape = moveToEnd(indexShape, dim);
        StridedRows lines = new StridedRows(lineShape, moveToEnd(withStride(out, dim, 0), dim),
                moveToEnd(index, dim), moveToEnd(src, dim));
        long os = lines.innerStride(0); // 0 along dim; not 0 when a size-1 dim left another dim innermost
        long is = lines.innerStride(1);
        long ss = lines.innerStride(2);
        MemorySegment od = out.data();
        MemorySegment id = index.data();
        MemorySegment sd = src.data();
        boolean f32 = src.dtype() == DType.F32;
        lines.forEachParallel(GRAIN, (off, n) -> {
            for (long e = 0; e < n; e++) {
                long o = off[0] + e * os + id.getAtIndex(Elements.I64, off[1] + e * is) * outDimStride;
                if (f32) {
                    od.setAtIndex(Elements.F32, o, od.getAtIndex(Elements.F32, o) + sd.getAtIndex(Elements.F32, off[2] + e * ss));
                } else {
                    od.setAtIndex(Elements.F64, o, od.getAtIndex(Elements.F64, o) + sd.getAtIndex(Elements.F64, off[2] + e * ss));
                }
            }
        });
    }

    /**
     * out[..., j, ...] = x[..., index[j], ...] along dim, index being 1-D (torch.index_select);
     * {@code outShape} is x's shape with dim replaced by the index length.
     */
    public static void indexSelect(long[] outShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        requireDim("indexSelect", outShape, dim);
        requireIndex("indexSelect", index);
        requireSameType("indexSelect", x, out);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got rank " + index.rank());
        }
        IndexBounds.requireInRange("indexSelect", new long[] {outShape[dim]}, index, xDimSize, dim);
        // index[j] seen as an N-d operand that varies along dim only: then index_select is a gather
        long[] strides = new long[outShape.length];
        strides[dim] = index.strides()[0];
        gatherAlong("indexSelect", outShape, dim, x, xDimSize, new Operand(index.data(), DType.I64, index.offset(), strides), out);
    }

    /** out = mask ? value : x, mask being BOOL. */
    public static void maskedFill(long[] shape, Operand x, Operand mask, double value, Operand out) {
        requireSameType("maskedFill", x, out);
        requireMask("maskedFill", mask);
        MemorySegment cell = MemorySegment.ofArray(new long[1]); // value converted to x's dtype, moved as bits
        Elements.writeDouble(cell, x.dtype(), 0, value);
        StridedRows rows = new StridedRows(shape, x, mask, out);
        long xs = rows.innerStride(0);
        long ms = rows.innerStride(1);
        long os = rows.innerStride(2);
        MemorySegment xd = x.data();
        MemorySegment md = mask.data();
        MemorySegment od = out.data();
        int w = x.dtype().byteSize();
        rows.forEachParallel(GRAIN, (off, n) -> {
            for (long e = 0; e < n; e++) {
                if (md.get(Elements.BYTE, off[1] + e * ms) != 0) {
                    Elements.move(cell, 0, od, off[2] + e * os, w);
                } else {
                    Elements.move(xd, off[0] + e * xs, od, off[2] + e * os, w);
                }
            }
        });
    }

    /** out = cond ? a : b, cond being BOOL. */
    public static void where(long[] shape, Operand cond, Operand a, Operand b, Operand out) {
        requireMask("where", cond);
        requireSameType("where", a, b);
        requireSameType("where", a, out);
        StridedRows rows = new StridedRows(shape, cond, a, b, out);
        long cs = rows.innerStride(0);
        long as = rows.innerStride(1);
        long bs = rows.innerStride(2);
        long os = rows.innerStride(3);
        MemorySegment cd = cond.data();
        MemorySegment ad = a.data();
        MemorySegment bd = b.data();
        MemorySegment od = out.data();
        int w = a.dtype().byteSize();
        rows.forEachParallel(GRAIN, (off, n) -> {
            for (long e = 0; e < n; e++) {
                if (cd.get(Elements.BYTE, off[0] + e * cs) != 0) {
                    Elements.move(ad, off[1] + e * as, od, off[3] + e * os, w);
                } else {
                    Elements.move(bd, off[2] + e * bs, od, off[3] + e * os, w);
                }
            }
        });
    }

    private static Operand withStride(Operand o, int dim, long stride) {
        long[] strides = o.strides().clone();
        strides[dim] = stride;
        return new Operand(o.data(), o.dtype(), o.offset(), strides);
    }

    private static long[] moveToEnd(long[] values, int dim) {
        long[] moved = new long[values.length];
        for (int d = 0, j = 0; d < values.length; d++) {
            if (d != dim) {
                moved[j++] = values[d];
            }
        }
        moved[values.length - 1] = values[dim];
        return moved;
    }

    private static Operand moveToEnd(Operand o, int dim) {
        return new Operand(o.data(), o.dtype(), o.offset(), moveToEnd(o.strides(), dim));
    }

    private static void requireDim(String kernel, long[] shape, int dim) {
        if (dim < 0 || dim >= shape.length) {
            throw new IllegalArgumentException(kernel + ": dim " + dim + " out of range for shape " + Shapes.format(shape));
        }
    }

    private static void requireIndex(String kernel, Operand index) {
        if (index.dtype() != DType.I64) {
            throw new IllegalArgumentException(kernel + ": index must be I64, got " + index.dtype());
        }
    }

    private static void requireMask(String kernel, Operand mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(kernel + ": mask must be BOOL, got " + mask.dtype());
        }
    }

    private static void requireSameType(String kernel, Operand first, Operand second) {
        if (first.dtype() != second.dtype()) {
            throw new IllegalArgumentException(kernel + ": operands must share one dtype, got " + first.dtype() + " and " + second.dtype());
        }
    }
}
