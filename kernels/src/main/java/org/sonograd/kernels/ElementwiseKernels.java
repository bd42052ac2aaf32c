package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Elementwise kernels over strided operands that all share one shape; a stride of 0 broadcasts.
 * F32 and F64 (same dtype for all float operands); the output may alias an input with identical
 * strides.
 *
 * <p>Operands are walked as rows along the merged innermost dimension ({@link StridedRows}), rows
 * are spread over {@link Parallel} in tasks of {@link #GRAIN} elements. A row takes the vector loop
 * when the operator {@linkplain #hasVectorForm has a vector form}, every input has inner stride 1 or
 * 0 (broadcast) and the output inner stride 1; otherwise, or when the Vector API is off, a scalar
 * loop. Exactly rounded operators (+ − · /, max, min, sqrt, fma, comparisons, ...) give the bits of
 * the reference on every path. exp, expm1, log, log1p, tanh and sigmoid use {@link VectorMath} /
 * {@link VectorMath64}: polynomials built from exactly rounded steps, whose scalar twins the scalar
 * loops call, so vector and scalar paths agree bit for bit and stay within 3 ulp of the reference
 * ({@link UnaryOp#apply}, i.e. {@code Math}). The Vector API's own {@code lanewise(EXP)} & co. are
 * never used: they return different bits under C2 (SVML) than before JIT compilation (a per-lane
 * {@code Math} fallback), which would make results depend on JIT warm-up. sin, cos and pow have no
 * vector form and call {@code Math} per element.
 */
public final class ElementwiseKernels {
    /** Elements per parallel task: big enough to amortise a task, small enough to split 1M elements. */
    static final long GRAIN = 1 << 16;

    private ElementwiseKernels() {}

    /** out = op(x). */
    public static void unary(UnaryOp op, long[] shape, Operand x, Operand out) {
        DType t = floatType("unary " + op, x);
        requireType("unary " + op, "out", out, t);
        StridedRows rows = new StridedRows(shape, x, out);
        long xs = rows.innerStride(0);
        long os = rows.innerStride(1);
        boolean vector = VectorSupport.enabled() && hasVectorForm(op) && unitOrBroadcast(xs) && os == 1;
        MemorySegment xd = x.data();
        MemorySegment od = out.data();
        rows.forEachParallel(GRAIN, (off, n) -> {
            if (t == DType.F32) {
                if (vector) {
                    ElementwiseF32.unaryVector(op, xd, off[0], xs, od, off[1], n);
                } else {
                    ElementwiseF32.unaryScalar(op, xd, off[0], xs, od, off[1], os, n);
                }
            } else if (vector) {
                ElementwiseF64.unaryVector(op, xd, off[0], xs, od, off[1], n);
            } else {
                ElementwiseF64.unaryScalar(op, xd, off[0], xs, od, off[1], os, n);
            }
        });
    }

    /** out = op(a, b); out is BOOL for comparisons, else the dtype of a and b. */
    public static void binary(BinaryOp op, long[] shape, Operand a, Operand b, Operand out) {
        String name = "binary " + op;
        DType t = floatType(name, a);
        requireType(name, "b", b, t);
        requireType(name, "out", out, op.isComparison() ? DType.BOOL : t);
        StridedRows rows = new StridedRows(shape, a, b, out);
        long as = rows.innerStride(0);
        long bs = rows.innerStride(1);
        long os = rows.innerStride(2);
        boolean vector = VectorSupport.enabled() && hasVectorForm(op) && unitOrBroadcast(as) && unitOrBroadcast(bs) && os == 1;
        MemorySegment ad = a.data();
        MemorySegment bd = b.data();
        MemorySegment od = out.data();
        boolean compare = op.isComparison();
        rows.forEachParallel(GRAIN, (off, n) -> {
            if (t == DType.F32) {
                if (compare && vector) {
                    ElementwiseF32.compareVector(op, ad, off[0], as, bd, off[1], bs, od, off[2], n);
                } else if (compare) {
                    ElementwiseF32.compareScalar(op, ad, off[0], as, bd, off[1], bs, od, off[2], os, n);
                } else if (vector) {
                    ElementwiseF32.binaryVector(op, ad, off[0], as, bd, off[1], bs, od, off[2], n);
                } else {
                    ElementwiseF32.binaryScalar(op, ad, off[0], as, bd, off[1], bs, od, off[2], os, n);
                }
            } else if (compare && vector) {
                ElementwiseF64.compareVector(op, ad, off[0], as, bd, off[1], bs, od, off[2], n);
            } else if (compare) {
                ElementwiseF64.compareScalar(op, ad, off[0], as, bd, off[1], bs, od, off[2], os, n);
            } else if (vector) {
                ElementwiseF64.binaryVector(op, ad, off[0], as, bd, off[1], bs, od, off[2], n);
            } else {
                ElementwiseF64.binaryScalar(op, ad, off[0], as, bd, off[1], bs, od, off[2], os, n);
            }
        });
    }

    /** out = a · b + c, fused. */
    public static void fma(long[] shape, Operand a, Operand b, Operand c, Operand out) {
        DType t = floatType("fma", a);
        requireType("fma", "b", b, t);
        requireType("fma", "c", c, t);
        requireType("fma", "out", out, t);
        StridedRows rows = new StridedRows(shape, a, b, c, out);
        long as = rows.innerStride(0);
        long bs = rows.innerStride(1);
        long cs = rows.innerStride(2);
        long os = rows.innerStride(3);
        boolean vector = VectorSupport.enabled() && unitOrBroadcast(as) && unitOrBroadcast(bs) && unitOrBroadcast(cs) && os == 1;
        MemorySegment ad = a.data();
        MemorySegment bd = b.data();
        MemorySegment cd = c.data();
        MemorySegment od = out.data();
        rows.forEachParallel(GRAIN, (off, n) -> {
            if (t == DType.F32) {
                if (vector) {
                    ElementwiseF32.fmaVector(ad, off[0], as, bd, off[1], bs, cd, off[2], cs, od, off[3], n);
                } else {
                    ElementwiseF32.fmaScalar(ad, off[0], as, bd, off[1], bs, cd, off[2], cs, od, off[3], os, n);
                }
            } else if (vector) {
                ElementwiseF64.fmaVector(ad, off[0], as, bd, off[1], bs, cd, off[2], cs, od, off[3], n);
            } else {
                ElementwiseF64.fmaScalar(ad, off[0], as, bd, off[1], bs, cd, off[2], cs, od, off[3], os, n);
            }
        });
    }

    /**
     * Sets every element of out to value (converted to out's dtype). Any dtype; a value whose bytes
     * are all zero becomes a memset of unit-stride rows.
     */
    public static void fill(long[] shape, Operand out, double value) {
        DType t = out.dtype();
        StridedRows rows = new StridedRows(shape, out);
        long os = rows.innerStride(0);
        MemorySegment od = out.data();
        boolean zeroBytes = switch (t) {
            case F32, F64 -> Double.doubleToRawLongBits(value) == 0; // not -0.0
            case I64, U8 -> (long) value == 0;
            case BOOL -> value == 0.0;
        };
        rows.forEachParallel(GRAIN, (off, n) -> {
            long o = off[0];
            if (os == 1 && zeroBytes) {
                od.asSlice(o * t.byteSize(), n * t.byteSize()).fill((byte) 0);
            } else if (os == 1 && VectorSupport.enabled() && t == DType.F32) {
                ElementwiseF32.fillVector(od, o, n, (float) value);
            } else if (os == 1 && VectorSupport.enabled() && t == DType.F64) {
                ElementwiseF64.fillVector(od, o, n, value);
            } else {
                for (long i = 0; i < n; i++) {
                    Elements.writeDouble(od, t, o + i * os, value);
                }
            }
        });
    }

    /** True when a vector loop gives the bits of the scalar one: exactly rounded ops and the {@link VectorMath} ones. */
    static boolean hasVectorForm(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQRT, RECIPROCAL, SQUARE, RELU -> true;
            case EXP, EXPM1, LOG, LOG1P, TANH, SIGMOID -> true;
            case SIN, COS -> false;
        };
    }

    /** True for every binary operator except POW (see {@link #hasVectorForm(UnaryOp)}). */
    static boolean hasVectorForm(BinaryOp op) {
        return op != BinaryOp.POW;
    }

    private static boolean unitOrBroadcast(long stride) {
        return stride == 1 || stride == 0;
    }

    private static DType floatType(String op, Operand first) {
        if (!first.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": operands must be F32 or F64, got " + first.dtype());
        }
        return first.dtype();
    }

    private static void requireType(String op, String name, Operand o, DType expected) {
        if (o.dtype() != expected) {
            throw new IllegalArgumentException(op + ": " + name + " must be " + expected + " like the first operand, got " + o.dtype());
        }
    }
}
