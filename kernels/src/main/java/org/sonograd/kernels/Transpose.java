package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The blocked-transpose path of {@link LayoutKernels#copy}: same dtype, the destination has unit
 * stride along its innermost dim {@code c} and the source has unit stride along another dim
 * {@code k}; every other dim is a batch dim. The (k, c) plane is cut into {@value
 * LayoutKernels#TILE}² tiles, each staged through a small scratch array: the tile's source runs
 * (contiguous along k, one per c) are bulk-copied in, then the destination runs (contiguous along c,
 * one per k) are written out whole. Each cache line is touched once per tile on either side, so the
 * power-of-two strides that map every line of a naive tile to the same L1 set do no harm.
 */
final class Transpose {
    private static final int T = LayoutKernels.TILE;

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
        long kBlocks = (rowsK + T - 1) / T;
        MemorySegment sd = src.data();
        MemorySegment dd = dst.data();
        int w = src.dtype().byteSize();
        Parallel.forEach(Math.toIntExact(batch.rows() * kBlocks), t -> {
            long k0 = (t % kBlocks) * T;
            int kn = (int) Math.min(T, rowsK - k0);
            Object scratch = switch (w) {
                case 1 -> new byte[T * T];
                case 4 -> new int[T * T];
                default -> new long[T * T];
            };
            batch.forEach(t / kBlocks, t / kBlocks + 1, (off, n) -> {
                for (long j = 0; j < n; j++) {
                    long so = off[0] + j * batchInnerSrc + k0;
                    long dOff = off[1] + j * batchInnerDst + k0 * dstK;
                    for (long c0 = 0; c0 < colsC; c0 += T) {
                        int cn = (int) Math.min(T, colsC - c0);
                        switch (scratch) {
                            case byte[] s -> tile(sd, so + c0 * srcC, srcC, dd, dOff + c0, dstK, kn, cn, s);
                            case int[] s -> tile(sd, so + c0 * srcC, srcC, dd, dOff + c0, dstK, kn, cn, s);
                            case long[] s -> tile(sd, so + c0 * srcC, srcC, dd, dOff + c0, dstK, kn, cn, s);
                            default -> throw new IllegalStateException("no scratch for " + w + "-byte elements");
                        }
                    }
                }
            });
        });
    }

    // dst[d + kk·dstK + cc] = src[s + kk + cc·srcC] for kk < kn, cc < cn; scratch[cc·T + kk] in between
    private static void tile(MemorySegment src, long s, long srcC, MemorySegment dst, long d, long dstK, int kn, int cn, int[] scratch) {
        for (int cc = 0; cc < cn; cc++) {
            MemorySegment.copy(src, Elements.BITS32, (s + cc * srcC) * 4, scratch, cc * T, kn);
        }
        for (int kk = 0; kk < kn; kk++) {
            for (int cc = 0; cc < cn; cc++) {
                dst.setAtIndex(Elements.BITS32, d + kk * dstK + cc, scratch[cc * T + kk]);
            }
        }
    }

    private static void tile(MemorySegment src, long s, long srcC, MemorySegment dst, long d, long dstK, int kn, int cn, long[] scratch) {
        for (int cc = 0; cc < cn; cc++) {
            MemorySegment.copy(src, Elements.I64, (s + cc * srcC) * 8, scratch, cc * T, kn);
        }
        for (int kk = 0; kk < kn; kk++) {
            for (int cc = 0; cc < cn; cc++) {
                dst.setAtIndex(Elements.I64, d + kk * dstK + cc, scratch[cc * T + kk]);
            }
        }
    }

    private static void tile(MemorySegment src, long s, long srcC, MemorySegment dst, long d, long dstK, int kn, int cn, byte[] scratch) {
        for (int cc = 0; cc < cn; cc++) {
            MemorySegment.copy(src, Elements.BYTE, s + cc * srcC, scratch, cc * T, kn);
        }
        for (int kk = 0; kk < kn; kk++) {
            for (int cc = 0; cc < cn; cc++) {
                dst.set(Elements.BYTE, d + kk * dstK + cc, scratch[cc * T + kk]);
            }
        }
    }
}
