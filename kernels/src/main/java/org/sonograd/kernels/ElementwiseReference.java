package org.sonograd.kernels;

/**
 * Plain-loop reference of {@link ElementwiseKernels}: one multi-index walk in row-major order, one
 * scalar {@link UnaryOp#apply}/{@link BinaryOp#apply}/{@link Math#fma} per element, no vectors, no
 * threads. Tests check the fast kernels against it.
 */
public final class ElementwiseReference {
    private ElementwiseReference() {}

    /** out = op(x). */
    public static void unary(UnaryOp op, long[] shape, Operand x, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long xi = Elements.offsetOf(x, p);
            long oi = Elements.offsetOf(out, p);
            if (x.dtype() == DType.F32) {
                out.data().setAtIndex(Elements.F32, oi, op.apply(x.data().getAtIndex(Elements.F32, xi)));
            } else {
                out.data().setAtIndex(Elements.F64, oi, op.apply(x.data().getAtIndex(Elements.F64, xi)));
            }
        } while (Elements.next(p, shape));
    }

    /** out = op(a, b); BOOL out for comparisons. */
    public static void binary(BinaryOp op, long[] shape, Operand a, Operand b, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long ai = Elements.offsetOf(a, p);
            long bi = Elements.offsetOf(b, p);
            long oi = Elements.offsetOf(out, p);
            if (a.dtype() == DType.F32) {
                float av = a.data().getAtIndex(Elements.F32, ai);
                float bv = b.data().getAtIndex(Elements.F32, bi);
                if (op.isComparison()) {
                    out.data().set(Elements.BYTE, oi, op.test(av, bv) ? (byte) 1 : (byte) 0);
                } else {
                    out.data().setAtIndex(Elements.F32, oi, op.apply(av, bv));
                }
            } else {
                double av = a.data().getAtIndex(Elements.F64, ai);
                double bv = b.data().getAtIndex(Elements.F64, bi);
                if (op.isComparison()) {
                    out.data().set(Elements.BYTE, oi, op.test(av, bv) ? (byte) 1 : (byte) 0);
                } else {
                    out.data().setAtIndex(Elements.F64, oi, op.apply(av, bv));
                }
            }
        } while (Elements.next(p, shape));
    }

    /** out = a · b + c with one rounding. */
    public static void fma(long[] shape, Operand a, Operand b, Operand c, Operand out) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            long ai = Elements.offsetOf(a, p);
            long bi = Elements.offsetOf(b, p);
            long ci = Elements.offsetOf(c, p);
            long oi = Elements.offsetOf(out, p);
            if (a.dtype() == DType.F32) {
                out.data().setAtIndex(Elements.F32, oi, Math.fma(a.data().getAtIndex(Elements.F32, ai),
                        b.data().getAtIndex(Elements.F32, bi), c.data().getAtIndex(Elements.F32, ci)));
            } else {
                out.data().setAtIndex(Elements.F64, oi, Math.fma(a.data().getAtIndex(Elements.F64, ai),
                        b.data().getAtIndex(Elements.F64, bi), c.data().getAtIndex(Elements.F64, ci)));
            }
        } while (Elements.next(p, shape));
    }

    /** out = value converted to out's dtype. */
    public static void fill(long[] shape, Operand out, double value) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long[] p = new long[shape.length];
        do {
            Elements.writeDouble(out.data(), out.dtype(), Elements.offsetOf(out, p), value);
        } while (Elements.next(p, shape));
    }
}
