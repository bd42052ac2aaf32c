package org.sonograd.kernels;

/**
 * Data movement: strided (permuted) copy with dtype conversion, and concatenation. Split is a set of
 * views and stack is a concatenation of unsqueezed views, both in the tensor module.
 */
public final class LayoutKernels {
    private LayoutKernels() {}

    /**
     * dst = src element by element over {@code shape}, converting the dtype when they differ (float
     * to integer truncates toward zero, any to BOOL is x != 0). A permuted or transposed source
     * becomes a contiguous destination this way.
     */
    public static void copy(long[] shape, Operand src, Operand dst) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Concatenates {@code inputs} (with shapes {@code shapes}, equal except at {@code dim}) along dim into out. */
    public static void cat(long[][] shapes, Operand[] inputs, int dim, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
