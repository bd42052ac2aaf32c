package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * GEMM version 0, the reference: C = alpha · op(A) · op(B) + beta · C as a plain triple loop,
 * C[i,j] = alpha · Σ_p op(A)[i,p] · op(B)[p,j] + beta · C[i,j]. The F32 sum is accumulated in double
 * so the reference is more accurate than any fast version it checks. C is not read when beta is 0.
 */
public final class GemmReference {
    private GemmReference() {}

    /** Single-precision reference; same conventions as {@link GemmKernels#sgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             float beta, MemorySegment c, long cOffset, long ldc) {
        GemmChecks.check("sgemm", transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, 4);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = a.getAtIndex(JAVA_FLOAT, aOffset + (transA ? p * lda + i : i * lda + p));
                    float bv = b.getAtIndex(JAVA_FLOAT, bOffset + (transB ? j * ldb + p : p * ldb + j));
                    sum += (double) av * bv;
                }
                long ci = cOffset + i * ldc + j;
                double old = beta == 0 ? 0 : (double) beta * c.getAtIndex(JAVA_FLOAT, ci);
                c.setAtIndex(JAVA_FLOAT, ci, (float) (alpha * sum + old));
            }
        }
    }

    /** Double-precision reference; same conventions as {@link GemmKernels#dgemm}. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             MemorySegment a, long aOffset, long lda,
                             MemorySegment b, long bOffset, long ldb,
                             double beta, MemorySegment c, long cOffset, long ldc) {
        GemmChecks.check("dgemm", transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, 8);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = a.getAtIndex(JAVA_DOUBLE, aOffset + (transA ? p * lda + i : i * lda + p));
                    double bv = b.getAtIndex(JAVA_DOUBLE, bOffset + (transB ? j * ldb + p : p * ldb + j));
                    sum += av * bv;
                }
                long ci = cOffset + i * ldc + j;
                double old = beta == 0 ? 0 : beta * c.getAtIndex(JAVA_DOUBLE, ci);
                c.setAtIndex(JAVA_DOUBLE, ci, alpha * sum + old);
            }
        }
    }
}
