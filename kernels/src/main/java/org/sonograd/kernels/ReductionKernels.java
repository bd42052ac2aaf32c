package org.sonograd.kernels;

/**
 * Reductions over any set of axes, F32 and F64. The output has the input's rank, with size 1 on
 * the reduced axes (keep-dims layout; its strides on those axes are ignored). Each reduced extent is
 * cut into fixed chunks whose partial results are combined in a fixed order, so the bits do not
 * depend on the thread count.
 */
public final class ReductionKernels {
    private ReductionKernels() {}

    /** out = op over the axes marked in {@code axes} of x. */
    public static void reduce(ReduceOp op, long[] shape, Operand x, boolean[] axes, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Variance over the marked axes: Σ(x − mean)² / (n − correction). */
    public static void variance(long[] shape, Operand x, boolean[] axes, double correction, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Index (I64) of the first maximum along {@code axis}; NaN counts as the maximum, as in PyTorch. */
    public static void argmax(long[] shape, Operand x, int axis, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
