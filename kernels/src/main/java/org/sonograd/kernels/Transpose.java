package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The blocked-transpose path of {@link LayoutKernels#copy}: same dtype, the destination has unit
 * stride along its innermost dim {@code c} and the source has unit stride along another dim
 * {@code k}. The (k, c) plane is cut into {@value LayoutKernels#TILE}² tiles; inside a tile the
 * destination is written row by row while the source lines it reads (one per c) stay in L1 from
 * one k to the next. Every other dim is a batch dim.
 */
final class Transpose {
    private Transpose() {}

    // dst[b, k, c] = src[b, k, c] with src stride 1 along k and dst stride 1 along c
    static void copy(long[] shape, int k, Operand src, Operand dst) {
        int c = shape.length - 1;
        while (shape[c] == 1) {
            c--;
        }
        long rowsK = shape[k];
        long colsC = shape[c];
        long srcC = src.strides()[c];
        long dstK = dst.strides()[k];
        long[] batchShape = shape.clone();
        batchShape[k] = 1;
        batchShape[c] = 1;
        StridedRows batch = new StridedRows(batchShape, src, dst);
        long batchInnerSrc = batch.innerStride(0);
        long batchInnerDst = batch.innerStride(1);
        long kBlocks = (rowsK + LayoutKernels.TILE - 1) / LayoutKernels.TILE;
        long tasks = batch.rows() * kBlocks;
        MemorySegment sd = src.data();
        MemorySegment dd = dst.data();
        int w = src.dtype().byteSize();
        Parallel.forEach(Math.toIntExact(tasks), t -> {
            long k0 = (t % kBlocks) * LayoutKernels.TILE;
            long k1 = Math.min(rowsK, k0 + LayoutKernels.TILE);
            batch.forEach(t / kBlocks, t / kBlocks + 1, (off, n) -> {
                for (long j = 0; j < n; j++) {
                    long so = off[0] + j * batchInnerSrc;
                    long dOff = off[1] + j * batchInnerDst;
                    for (long c0 = 0; c0 < colsC; c0 += LayoutKernels.TILE) {
                        long c1 = Math.min(colsC, c0 + LayoutKernels.TILE);
                        tile(sd, so, srcC, dd, dOff, dstK, k0, k1, c0, c1, w);
                    }
                }
            });
        });
    }

    // dst[dOff + kk·dstK + cc] = src[so + kk + cc·srcC] for kk in [k0, k1), cc in [c0, c1)
    private static void tile(MemorySegment s, long so, long srcC, MemorySegment d, long dOff, long dstK,
                             long k0, long k1, long c0, long c1, int w) {
        switch (w) {
            case 1 -> {
                for (long kk = k0; kk < k1; kk++) {
                    for (long cc = c0; cc < c1; cc++) {
                        d.set(Elements.BYTE, dOff + kk * dstK + cc, s.get(Elements.BYTE, so + kk + cc * srcC));
                    }
                }
            }
            case 4 -> {
                for (long kk = k0; kk < k1; kk++) {
                    for (long cc = c0; cc < c1; cc++) {
                        d.setAtIndex(Elements.BITS32, dOff + kk * dstK + cc, s.getAtIndex(Elements.BITS32, so + kk + cc * srcC));
                    }
                }
            }
            default -> {
                for (long kk = k0; kk < k1; kk++) {
                    for (long cc = c0; cc < c1; cc++) {
                        d.setAtIndex(Elements.I64, dOff + kk * dstK + cc, s.getAtIndex(Elements.I64, so + kk + cc * srcC));
                    }
                }
            }
        }
    }
}
