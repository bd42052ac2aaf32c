package org.sonograd.kernels;

/**
 * Elementwise kernels over strided operands that all share one shape; a stride of 0 broadcasts.
 * F32 and F64 (same dtype for all float operands); the output may alias an input with identical
 * strides.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /** out = op(x). */
    public static void unary(UnaryOp op, long[] shape, Operand x, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** out = op(a, b); out is BOOL for comparisons, else the dtype of a and b. */
    public static void binary(BinaryOp op, long[] shape, Operand a, Operand b, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** out = a · b + c, fused. */
    public static void fma(long[] shape, Operand a, Operand b, Operand c, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets every element of out to value (converted to out's dtype). */
    public static void fill(long[] shape, Operand out, double value) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
