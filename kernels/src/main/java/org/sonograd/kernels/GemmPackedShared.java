package org.sonograd.kernels;

import static org.sonograd.kernels.GemmMicroKernel.MR;
import static org.sonograd.kernels.GemmMicroKernel.NR;

import java.lang.foreign.MemorySegment;

/**
 * GEMM version 3, the full Goto loop nest with shared packing: C is walked in blocks of
 * {@link #NB} columns, k-blocks of {@link GemmPacked#KC} and blocks of {@link #MB} rows; the
 * block of op(B) is packed once per column block and k-block, and the block of op(A) once per row
 * block, each by all threads together into one shared buffer; then the C tiles of the block are
 * spread over the threads, each sweeping the shared panels with the {@link GemmMicroKernel}.
 * Compared with v2, no panel is packed twice for the same k-block, and tiles shrink when a block is
 * small so that both cores get work. Every C element is still computed by one task per k-block, in
 * k order, so the bits do not depend on the thread count (nor on the tile sizes: only the k-block
 * depth matters).
 */
final class GemmPackedShared {
    /** Columns of op(B) packed together and shared by the tasks. */
    static final int NB = 64 * NR;
    /** Rows of op(A) packed together and shared by the tasks. */
    static final int MB = 16 * GemmPacked.MC;
    /** Fewest tasks per block that the tiling aims for, so both cores stay busy. */
    private static final int MIN_TASKS = 16;
    /** Micro-panels packed by one packing task. */
    private static final int PACK_PANELS = 8;

    private record Buffers(float[] a, float[] b) {}

    private static final ThreadLocal<Buffers> SHARED = ThreadLocal.withInitial(
            () -> new Buffers(new float[MB * GemmPacked.KC], new float[GemmPacked.KC * NB]));
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private GemmPackedShared() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                      float beta, MemorySegment c, long cOffset, long ldc) {
        if (!VectorSupport.enabled() || k == 0 || m == 0 || n == 0) {
            GemmBlocked.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        Buffers shared = SHARED.get();
        float[] ap = shared.a();
        float[] bp = shared.b();
        for (int j0 = 0; j0 < n; j0 += NB) {
            int nb = Math.min(NB, n - j0);
            int jBlock = j0;
            for (int p0 = 0; p0 < k; p0 += GemmPacked.KC) {
                int kc = Math.min(GemmPacked.KC, k - p0);
                int pBlock = p0;
                int packCols = PACK_PANELS * NR;
                Parallel.forEach(Parallel.chunks(nb, packCols), t -> GemmPacking.packB(bp, t * packCols * kc, transB,
                        b, bOffset, ldb, pBlock, kc, jBlock + t * packCols, Math.min(packCols, nb - t * packCols)));
                float blockBeta = p0 == 0 ? beta : 1f;
                for (int i0 = 0; i0 < m; i0 += MB) {
                    int mb = Math.min(MB, m - i0);
                    int iBlock = i0;
                    int packRows = PACK_PANELS * MR;
                    Parallel.forEach(Parallel.chunks(mb, packRows), t -> GemmPacking.packA(ap, t * packRows * kc, transA,
                            a, aOffset, lda, iBlock + t * packRows, Math.min(packRows, mb - t * packRows), pBlock, kc, alpha));
                    multiplyBlock(ap, bp, mb, nb, kc, c, cOffset + iBlock * ldc + jBlock, ldc, blockBeta);
                }
            }
        }
    }

    // C[0:mb, 0:nb] = Ap · Bp + beta · C, from the shared packed blocks, spread over the threads
    private static void multiplyBlock(float[] ap, float[] bp, int mb, int nb, int kc, MemorySegment c, long cAt,
                                      long ldc, float beta) {
        // Tile sizes depend only on the block shape: halve them while there are too few tasks.
        int mc = GemmPacked.MC;
        int nc = GemmPacked.NC;
        while (Parallel.chunks(mb, mc) * Parallel.chunks(nb, nc) < MIN_TASKS && (mc > 2 * MR || nc > NR)) {
            if (nc > NR && (nc >= mc || mc <= 2 * MR)) {
                nc /= 2;
            } else {
                mc /= 2;
            }
        }
        int tileRows = mc;
        int tileCols = nc;
        int colTiles = Parallel.chunks(nb, tileCols);
        Parallel.forEach(Parallel.chunks(mb, tileRows) * colTiles, t -> {
            int i0 = t / colTiles * tileRows;
            int j0 = t % colTiles * tileCols;
            int rows = Math.min(tileRows, mb - i0);
            int cols = Math.min(tileCols, nb - j0);
            float[] tile = TILE.get();
            for (int ir = i0; ir < i0 + rows; ir += MR) {
                long cRow = cAt + ir * ldc + j0;
                for (int jr = 0; jr < cols; jr += NR) {
                    GemmMicroKernel.multiply(ap, ir * kc, bp, (j0 + jr) * kc, kc, tile);
                    GemmMicroKernel.store(tile, c, cRow + jr, ldc, Math.min(MR, i0 + rows - ir), Math.min(NR, cols - jr), beta);
                }
            }
        });
    }
}
