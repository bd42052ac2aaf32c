package org.sonograd.kernels;

import static org.sonograd.kernels.GemmMicroKernel.MR;
import static org.sonograd.kernels.GemmMicroKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * GEMM version 3, the full Goto loop nest: for each block of {@link #NB} columns and each k-block
 * of {@link GemmPacked#KC}, the block of op(B) is packed once, by all threads, into one shared
 * buffer; then C tiles of that column block are spread over the threads, each packing its rows of
 * op(A) and sweeping the shared B panels with the {@link GemmMicroKernel}. Compared with v2, B is no
 * longer packed again for every row tile, and tiles shrink when the problem is small so that both
 * cores get work. Every C element is still computed by one task per k-block, in k order, so the
 * bits do not depend on the thread count (nor on the tile sizes: only the k-block depth matters).
 */
final class GemmPackedShared {
    /** Columns of B packed together and shared by the tasks. */
    static final int NB = 64 * NR;
    /** Fewest tasks per k-block that the tiling aims for, so both cores stay busy. */
    private static final int MIN_TASKS = 16;
    /** B micro-panels packed by one packing task. */
    private static final int PACK_PANELS = 8;

    private record Buffers(float[] a, float[] edge) {}

    private static final ThreadLocal<Buffers> TASK_BUFFERS = ThreadLocal.withInitial(
            () -> new Buffers(new float[GemmPacked.MC * GemmPacked.KC], new float[MR * NR]));
    private static final ThreadLocal<float[]> SHARED_B = ThreadLocal.withInitial(() -> new float[GemmPacked.KC * NB]);

    private GemmPackedShared() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      float beta, MemorySegment c, long cOffset, long ldc) {
        if (!VectorSupport.enabled() || k == 0 || m == 0 || n == 0) {
            GemmBlocked.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        float[] bp = SHARED_B.get();
        for (int j0 = 0; j0 < n; j0 += NB) {
            int nb = Math.min(NB, n - j0);
            // Tile sizes depend only on the shape: halve them while there are too few tasks.
            int mc = GemmPacked.MC;
            int nc = GemmPacked.NC;
            while (Parallel.chunks(m, mc) * Parallel.chunks(nb, nc) < MIN_TASKS && (mc > 2 * MR || nc > NR)) {
                if (nc > NR && (nc >= mc || mc <= 2 * MR)) {
                    nc /= 2;
                } else {
                    mc /= 2;
                }
            }
            int tileRows = mc;
            int tileCols = nc;
            int colTiles = Parallel.chunks(nb, tileCols);
            int jBlock = j0;
            for (int p0 = 0; p0 < k; p0 += GemmPacked.KC) {
                int kc = Math.min(GemmPacked.KC, k - p0);
                int pBlock = p0;
                int packWidth = PACK_PANELS * NR;
                Parallel.forEach(Parallel.chunks(nb, packWidth), t -> GemmPacking.packB(bp, t * packWidth * kc, transB,
                        b, bOffset, ldb, pBlock, kc, jBlock + t * packWidth, Math.min(packWidth, nb - t * packWidth)));
                float blockBeta = p0 == 0 ? beta : 1f;
                Parallel.forEach(Parallel.chunks(m, tileRows) * colTiles, t -> {
                    int i0 = t / colTiles * tileRows;
                    int jt = t % colTiles * tileCols;
                    int rows = Math.min(tileRows, m - i0);
                    int cols = Math.min(tileCols, nb - jt);
                    Buffers buf = TASK_BUFFERS.get();
                    GemmPacking.packA(buf.a(), transA, a, aOffset, lda, i0, rows, pBlock, kc, alpha);
                    for (int ir = 0; ir < rows; ir += MR) {
                        long cRow = cOffset + (i0 + ir) * ldc + jBlock + jt;
                        for (int jr = 0; jr < cols; jr += NR) {
                            GemmMicroKernel.multiply(buf.a(), ir * kc, bp, (jt + jr) * kc, kc, c, cRow + jr, ldc,
                                    Math.min(MR, rows - ir), Math.min(NR, cols - jr), blockBeta, buf.edge());
                        }
                    }
                });
            }
        }
    }
}
