package org.sonograd.kernels;

/** Plain-loop reference of {@link IndexKernels}: one multi-index walk in row-major order, no threads. */
public final class IndexReference {
    private IndexReference() {}

    /** out[p] = x[p with p[dim] = index[p]]. */
    public static void gather(long[] indexShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        IndexBounds.requireInRange("gather", indexShape, index, xDimSize, dim);
        if (Shapes.numel(indexShape) == 0) {
            return;
        }
        long[] p = new long[indexShape.length];
        do {
            long[] q = p.clone();
            q[dim] = index.data().getAtIndex(Elements.I64, Elements.offsetOf(index, p));
            Elements.convert(x.data(), x.dtype(), Elements.offsetOf(x, q), out.data(), out.dtype(), Elements.offsetOf(out, p));
        } while (Elements.next(p, indexShape));
    }

    /** out[p with p[dim] = index[p]] += src[p], p in row-major order. */
    public static void scatterAdd(long[] indexShape, int dim, Operand index, Operand src, Operand out, long outDimSize) {
        IndexBounds.requireInRange("scatterAdd", indexShape, index, outDimSize, dim);
        if (Shapes.numel(indexShape) == 0) {
            return;
        }
        long[] p = new long[indexShape.length];
        do {
            long[] q = p.clone();
            q[dim] = index.data().getAtIndex(Elements.I64, Elements.offsetOf(index, p));
            long o = Elements.offsetOf(out, q);
            long s = Elements.offsetOf(src, p);
            if (out.dtype() == DType.F32) {
                out.data().setAtIndex(Elements.F32, o, out.data().getAtIndex(Elements.F32, o) + src.data().getAtIndex(Elements.F32, s));
            } else {
                out.data().setAtIndex(Elements.F64, o, out.data().getAtIndex(Elements.F64, o) + src.data().getAtIndex(Elements.F64, s));
            }
        } while (Elements.next(p, indexShape));
    }

    /** out[p] = x[p with p[dim] = index[p[dim]]]. */
    public static void indexSelect(long[] outShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        IndexBounds.requireInRange("indexSelect", new long[] {outShape[dim]}, index, xDimSize, dim);
        if (Shapes.numel(outShape) == 0) {
            return;
        }
        long[] p = new long[outShape.length];
        do {
            long[] q = p.clone();
            q[dim] = index.data().getAtIndex(Elements.I64, index.offset() + p[dim] * index.strides()[0]);
            Elements.convert(x.data(), x.dtype(), Elements.offsetOf(x, q), out.data(), out.dtype(), Elements.offsetOf(out, p));
        } while (Elements.next(p, outShape));
    }

    /** out[p] = mask[p] ? value : x[p]. */
    public static void maskedFill(long[] shape, Operand x, Operand mask, double value, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long o = Elements.offsetOf(out, p);
            if (mask.data().get(Elements.BYTE, Elements.offsetOf(mask, p)) != 0) {
                Elements.writeDouble(out.data(), out.dtype(), o, value);
            } else {
                Elements.convert(x.data(), x.dtype(), Elements.offsetOf(x, p), out.data(), out.dtype(), o);
            }
        } while (Elements.next(p, shape));
    }

    /** out[p] = cond[p] ? a[p] : b[p]. */
    public static void where(long[] shape, Operand cond, Operand a, Operand b, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            Operand chosen = cond.data().get(Elements.BYTE, Elements.offsetOf(cond, p)) != 0 ? a : b;
            Elements.convert(chosen.data(), chosen.dtype(), Elements.offsetOf(chosen, p), out.data(), out.dtype(), Elements.offsetOf(out, p));
        } while (Elements.next(p, shape));
    }
}
