package org.sonograd.kernels;

/**
 * Index-driven kernels. Index operands are I64; an index out of range throws an
 * {@link IndexOutOfBoundsException} naming the kernel, the index, its position and the bound.
 */
public final class IndexKernels {
    private IndexKernels() {}

    /**
     * out[p] = x[p with p[dim] replaced by index[p]] for every position p of {@code indexShape}
     * (torch.gather). {@code xDimSize} is the size of x along dim, for bounds checks.
     */
    public static void gather(long[] indexShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * out[p with p[dim] replaced by index[p]] += src[p] for every position p of {@code indexShape}
     * (torch.scatter_add_), applied in row-major order of p so the sum is deterministic.
     */
    public static void scatterAdd(long[] indexShape, int dim, Operand index, Operand src, Operand out, long outDimSize) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * out[..., j, ...] = x[..., index[j], ...] along dim, index being 1-D (torch.index_select);
     * {@code outShape} is x's shape with dim replaced by the index length.
     */
    public static void indexSelect(long[] outShape, int dim, Operand x, long xDimSize, Operand index, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** out = mask ? value : x, mask being BOOL. */
    public static void maskedFill(long[] shape, Operand x, Operand mask, double value, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** out = cond ? a : b, cond being BOOL. */
    public static void where(long[] shape, Operand cond, Operand a, Operand b, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
