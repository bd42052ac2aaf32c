package org.sonograd.kernels;

/**
 * Softmax family over the last axis of a [rows, cols] operand (rows may be strided; fast paths
 * need unit stride along cols), F32 and F64, each stable by subtracting the row maximum first.
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    /** y = exp(x − max) / Σ exp(x − max), row by row. */
    public static void softmax(long rows, long cols, Operand x, Operand y) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** y = x − max − ln Σ exp(x − max), row by row. */
    public static void logSoftmax(long rows, long cols, Operand x, Operand y) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** out[r] = max + ln Σ exp(x[r] − max); out is a [rows] operand. */
    public static void logSumExp(long rows, long cols, Operand x, Operand out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
