package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * General matrix multiply, row-major: C = alpha · op(A) · op(B) + beta · C, with op(A) of shape
 * m×k and op(B) of shape k×n. When {@code transA} is set, A is stored k×m; likewise B is stored n×k
 * when {@code transB} is set. {@code lda}, {@code ldb} and {@code ldc} are the row strides of the
 * matrices as stored. When beta is 0, C is not read (so NaN in C does not propagate).
 *
 * <p>The kernel lab keeps every version ({@link GemmVersion}); {@link #sgemm(boolean, boolean, int,
 * int, int, float, MemorySegment, long, long, MemorySegment, long, long, float, MemorySegment, long,
 * long) sgemm} runs the best one, {@link #sgemm(GemmVersion, boolean, boolean, int, int, int, float,
 * MemorySegment, long, long, MemorySegment, long, long, float, MemorySegment, long, long) the
 * overload} a chosen one. Results do not depend on the thread count.
 */
public final class GemmKernels {
    /** Below this many multiply-adds the packing of v3 costs more than it saves; v1 runs instead. */
    static final long SMALL_PROBLEM = 16L * 16 * 16;

    private GemmKernels() {}

    /** Single-precision GEMM through the best kernel version for this CPU. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             float beta, MemorySegment c, long cOffset, long ldc) {
        GemmVersion best = (long) m * n * k < SMALL_PROBLEM ? GemmVersion.V1_BLOCKED : GemmVersion.V3_PACKED_SHARED;
        sgemm(best, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** Single-precision GEMM through the given kernel version; same conventions as the class. */
    public static void sgemm(GemmVersion version, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             float beta, MemorySegment c, long cOffset, long ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, 4);
        switch (version) {
            case V0_REFERENCE -> GemmReference.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            case V1_BLOCKED -> GemmBlocked.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            case V2_PACKED -> GemmPacked.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            case V3_PACKED_SHARED -> GemmPackedShared.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    /** {@code batch} independent sgemm calls; matrix i starts at offset + i · stride for each of A, B and C. */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    MemorySegment a, long aOffset, long lda, long strideA,
                                    MemorySegment b, long bOffset, long ldb, long strideB,
                                    float beta, MemorySegment c, long cOffset, long ldc, long strideC) {
        checkBatch("sgemmBatched", batch, strideA, strideB, strideC);
        if (batch == 0) {
            return;
        }
        long last = batch - 1L;
        GemmChecks.check("sgemmBatched", transA, transB, m, n, k, a, aOffset + last * strideA, lda,
                b, bOffset + last * strideB, ldb, c, cOffset + last * strideC, ldc, 4);
        // One task per matrix; the GEMM inside a task runs serially, with the same tiles, so same bits.
        Parallel.forEach(batch, i -> sgemm(transA, transB, m, n, k, alpha, a, aOffset + i * strideA, lda,
                b, bOffset + i * strideB, ldb, beta, c, cOffset + i * strideC, ldc));
    }

    /** Double-precision GEMM, same conventions; used by gradient checks. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             double beta, MemorySegment c, long cOffset, long ldc) {
        GemmChecks.check("dgemm", transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, 8);
        GemmBlocked.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** {@code batch} independent dgemm calls, strided like {@link #sgemmBatched}. */
    public static void dgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                    MemorySegment a, long aOffset, long lda, long strideA,
                                    MemorySegment b, long bOffset, long ldb, long strideB,
                                    double beta, MemorySegment c, long cOffset, long ldc, long strideC) {
        checkBatch("dgemmBatched", batch, strideA, strideB, strideC);
        if (batch == 0) {
            return;
        }
        long last = batch - 1L;
        GemmChecks.check("dgemmBatched", transA, transB, m, n, k, a, aOffset + last * strideA, lda,
                b, bOffset + last * strideB, ldb, c, cOffset + last * strideC, ldc, 8);
        Parallel.forEach(batch, i -> dgemm(transA, transB, m, n, k, alpha, a, aOffset + i * strideA, lda,
                b, bOffset + i * strideB, ldb, beta, c, cOffset + i * strideC, ldc));
    }

    private static void checkBatch(String op, int batch, long strideA, long strideB, long strideC) {
        if (batch < 0 || strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException(op + ": batch " + batch + " and strides (" + strideA + ", " + strideB
                    + ", " + strideC + ") must not be negative");
        }
    }
}
