package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Convolution version 1: vol2col + GEMM, for F32 (sgemm) and F64 (dgemm). For each sample, group
 * and block of output positions, the input is lowered to a column block ({@link Vol2Col}) that a
 * GEMM multiplies with the weight matrix W (Cout/g × (Cin/g)·taps):
 * <pre>
 * y[:, block]   = W · col                 (forward)
 * col           = Wᵀ · ∂y[:, block];  ∂x += col2vol(col)   (input grad)
 * ∂W           += ∂y[:, block] · colᵀ     (weight grad, samples and blocks in a fixed order)
 * </pre>
 * The block width depends only on the shape, so results do not depend on the thread count.
 */
final class ConvIm2col {
    /** Elements of one column block: 1 Mi, 4 MiB of F32, about an L2 cache of this machine. */
    private static final long COLUMN_BLOCK = 1L << 20;
    /** Positions per block are a multiple of this, the micro-kernel's width. */
    private static final int WIDTH_GRAIN = 32;

    private ConvIm2col() {}

    /** Positions per column block for this geometry. */
    static int blockWidth(ConvGeometry g) {
        long p = g.outputVolume();
        long fit = Math.max(WIDTH_GRAIN, COLUMN_BLOCK / g.depth() / WIDTH_GRAIN * WIDTH_GRAIN);
        return (int) Math.min(p, fit);
    }

    static void forward(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y) {
        int width = blockWidth(g);
        MemorySegment col = CachingAllocator.global().allocate((long) g.depth() * width * dtype.byteSize());
        try {
            long p = g.outputVolume();
            int og = g.outPerGroup();
            int k = g.depth();
            for (int n = 0; n < g.batch(); n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    long xChannel0 = ((long) n * g.inChannels() + (long) grp * g.inPerGroup()) * g.inputVolume();
                    long yRow0 = ((long) n * g.outChannels() + (long) grp * og) * p;
                    for (long p0 = 0; p0 < p; p0 += width) {
                        int wd = (int) Math.min(width, p - p0);
                        Vol2Col.lower(g, dtype, x, xChannel0, col, p0, wd);
                        gemm(dtype, false, false, og, wd, k, w, (long) grp * og * k, k, col, 0, wd, 0, y, yRow0 + p0, p);
                    }
                }
            }
        } finally {
            CachingAllocator.global().release(col);
        }
    }

    static void inputGrad(ConvGeometry g, DType dtype, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        gx.asSlice(0, g.inputElements() * dtype.byteSize()).fill((byte) 0);
        int width = blockWidth(g);
        MemorySegment col = CachingAllocator.global().allocate((long) g.depth() * width * dtype.byteSize());
        try {
            long p = g.outputVolume();
            int og = g.outPerGroup();
            int k = g.depth();
            for (int n = 0; n < g.batch(); n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    long xChannel0 = ((long) n * g.inChannels() + (long) grp * g.inPerGroup()) * g.inputVolume();
                    long yRow0 = ((long) n * g.outChannels() + (long) grp * og) * p;
                    for (long p0 = 0; p0 < p; p0 += width) {
                        int wd = (int) Math.min(width, p - p0);
                        gemm(dtype, true, false, k, wd, og, w, (long) grp * og * k, k, gy, yRow0 + p0, p, 0, col, 0, wd);
                        Vol2Col.raise(g, dtype, col, p0, wd, gx, xChannel0);
                    }
                }
            }
        } finally {
            CachingAllocator.global().release(col);
        }
    }

    static void weightGrad(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment gy, MemorySegment gw) {
        int width = blockWidth(g);
        MemorySegment col = CachingAllocator.global().allocate((long) g.depth() * width * dtype.byteSize());
        try {
            long p = g.outputVolume();
            int og = g.outPerGroup();
            int k = g.depth();
            for (int grp = 0; grp < g.groups(); grp++) {
                boolean first = true;
                for (int n = 0; n < g.batch(); n++) {
                    long xChannel0 = ((long) n * g.inChannels() + (long) grp * g.inPerGroup()) * g.inputVolume();
                    long yRow0 = ((long) n * g.outChannels() + (long) grp * og) * p;
                    for (long p0 = 0; p0 < p; p0 += width) {
                        int wd = (int) Math.min(width, p - p0);
                        Vol2Col.lower(g, dtype, x, xChannel0, col, p0, wd);
                        gemm(dtype, false, true, og, k, wd, gy, yRow0 + p0, p, col, 0, wd, first ? 0 : 1,
                                gw, (long) grp * og * k, k);
                        first = false;
                    }
                }
                if (first) {
                    gw.asSlice((long) grp * og * k * dtype.byteSize(), (long) og * k * dtype.byteSize()).fill((byte) 0);
                }
            }
        } finally {
            CachingAllocator.global().release(col);
        }
    }

    private static void gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k,
                             MemorySegment a, long aOffset, long lda, MemorySegment b, long bOffset, long ldb,
                             double beta, MemorySegment c, long cOffset, long ldc) {
        if (dtype == DType.F32) {
            GemmKernels.sgemm(transA, transB, m, n, k, 1f, a, aOffset, lda, b, bOffset, ldb, (float) beta, c, cOffset, ldc);
        } else {
            GemmKernels.dgemm(transA, transB, m, n, k, 1.0, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }
}
