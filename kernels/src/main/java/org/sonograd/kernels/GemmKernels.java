package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * General matrix multiply, row-major: C = alpha · op(A) · op(B) + beta · C, with op(A) of shape
 * m×k and op(B) of shape k×n. When {@code transA} is set, A is stored k×m; likewise B is stored n×k
 * when {@code transB} is set. {@code lda}, {@code ldb} and {@code ldc} are the row strides of the
 * matrices as stored. When beta is 0, C is not read (so NaN in C does not propagate).
 */
public final class GemmKernels {
    private GemmKernels() {}

    /** Single-precision GEMM through the best kernel version for this CPU. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             float beta, MemorySegment c, long cOffset, long ldc) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code batch} independent sgemm calls; matrix i starts at offset + i · stride for each of A, B and C. */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    MemorySegment a, long aOffset, long lda, long strideA,
                                    MemorySegment b, long bOffset, long ldb, long strideB,
                                    float beta, MemorySegment c, long cOffset, long ldc, long strideC) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Double-precision GEMM, same conventions; used by gradient checks. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             double beta, MemorySegment c, long cOffset, long ldc) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code batch} independent dgemm calls, strided like {@link #sgemmBatched}. */
    public static void dgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                    MemorySegment a, long aOffset, long lda, long strideA,
                                    MemorySegment b, long bOffset, long ldb, long strideB,
                                    double beta, MemorySegment c, long cOffset, long ldc, long strideC) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
