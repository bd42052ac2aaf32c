package org.sonograd.kernels;

import static org.sonograd.kernels.GemmMicroKernel.MR;
import static org.sonograd.kernels.GemmMicroKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * GEMM version 2, packed and register-tiled (Goto/BLIS): C is cut into fixed tiles of
 * {@link #MC} rows × {@link #NC} columns, one task each, so a C element is always computed by the
 * same task in the same k order whatever the thread count. A task walks k in blocks of
 * {@link #KC}; for each block it packs its slice of op(A) (times alpha) and of op(B) into panels
 * (see {@link GemmPacking}) and sweeps them with the {@link GemmMicroKernel}: the A micro-panel
 * stays in L1 while the B block streams from L2. The first k-block applies beta, the others add.
 * Without the Vector API it falls back to {@link GemmBlocked}'s scalar loops.
 */
final class GemmPacked {
    /** Depth of a k-block. */
    static final int KC = 256;
    /** Rows of a C tile: 16 micro-panels of A. */
    static final int MC = 16 * MR;
    /** Columns of a C tile: 8 micro-panels of B. */
    static final int NC = 8 * NR;

    private record Buffers(float[] a, float[] b, float[] tile) {}

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(
            () -> new Buffers(new float[MC * KC], new float[KC * NC], new float[MR * NR]));

    private GemmPacked() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      float beta, MemorySegment c, long cOffset, long ldc) {
        if (!VectorSupport.enabled() || k == 0 || m == 0 || n == 0) {
            GemmBlocked.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        int colTiles = Parallel.chunks(n, NC);
        Parallel.forEach(Parallel.chunks(m, MC) * colTiles, t -> {
            int i0 = t / colTiles * MC;
            int j0 = t % colTiles * NC;
            int rows = Math.min(MC, m - i0);
            int cols = Math.min(NC, n - j0);
            Buffers buf = BUFFERS.get();
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                GemmPacking.packA(buf.a(), 0, transA, a, aOffset, lda, i0, rows, p0, kc, alpha);
                GemmPacking.packB(buf.b(), 0, transB, b, bOffset, ldb, p0, kc, j0, cols);
                float blockBeta = p0 == 0 ? beta : 1f;
                for (int ir = 0; ir < rows; ir += MR) {
                    long cRow = cOffset + (i0 + ir) * ldc + j0;
                    for (int jr = 0; jr < cols; jr += NR) {
                        GemmMicroKernel.multiply(buf.a(), ir * kc, buf.b(), jr * kc, kc, buf.tile());
                        GemmMicroKernel.store(buf.tile(), c, cRow + jr, ldc, Math.min(MR, rows - ir), Math.min(NR, cols - jr), blockBeta);
                    }
                }
            }
        });
    }
}
