package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * The lowering of a convolution to a GEMM (vol2col, the 3-D im2col) and its adjoint (col2vol).
 *
 * <p>For one sample and one channel group, column row r = (c, tD, tH, tW) and column j = output
 * position z (flattened) hold col[r, j] = x[c, z·s + t·d − p], zero where the tap falls in the padding.
 * Then y = W · col is the convolution, ∂x = col2vol(Wᵀ · ∂y), ∂W = ∂y · colᵀ. Only the output
 * positions [p0, p0 + width) are lowered at a time, so the column block stays in cache; its row
 * stride is {@code width}. Runs along the last spatial dim are copied in bulk when the stride is 1.
 */
final class Vol2Col {
    private Vol2Col() {}

    /** col[r, j − p0] = x[c(r), tap(r) at position j] for rows [0, depth) and positions [p0, p0 + width). */
    static void lower(ConvGeometry g, DType dtype, MemorySegment x, long xChannel0, MemorySegment col,
                      long p0, int width) {
        int taps = g.taps();
        Parallel.forEach(g.depth(), r -> lowerRow(g, dtype, x, xChannel0 + (long) (r / taps) * g.inputVolume(), r % taps,
                col, (long) r * width, p0, width));
    }

    /** x[c(r), tap(r) at position j] += col[r, j − p0]; one task per input channel, so no two tasks touch one element. */
    static void raise(ConvGeometry g, DType dtype, MemorySegment col, long p0, int width, MemorySegment x, long xChannel0) {
        int taps = g.taps();
        Parallel.forEach(g.inPerGroup(), c -> {
            for (int tap = 0; tap < taps; tap++) {
                long r = (long) c * taps + tap;
                raiseRow(g, dtype, col, r * width, p0, width, x, xChannel0 + c * g.inputVolume(), tap);
            }
        });
    }

    private static void lowerRow(ConvGeometry g, DType dtype, MemorySegment x, long xBase, int tap,
                                 MemorySegment col, long colRow, long p0, int width) {
        int bytes = dtype.byteSize();
        int[] t = taps(g, tap);
        int ow = g.output()[2];
        int sw = g.stride()[2];
        int iw = g.input()[2];
        int offW = t[2] * g.dilation()[2] - g.padding()[2];
        int lo = firstInside(offW, sw);
        int hi = lastInsideExclusive(offW, sw, iw, ow);
        long end = p0 + width;
        for (long rowStart = p0 - p0 % ow; rowStart < end; rowStart += ow) {
            long line = rowStart / ow;
            int a = (int) Math.max(0, p0 - rowStart);
            int b = (int) Math.min(ow, end - rowStart);
            long dst = colRow + rowStart - p0;
            long src = inputLine(g, t, line, xBase);
            int in0 = src < 0 ? b : Math.max(a, lo);
            int in1 = src < 0 ? b : Math.min(b, hi);
            if (in1 <= in0) {
                col.asSlice((dst + a) * bytes, (long) (b - a) * bytes).fill((byte) 0);
                continue;
            }
            if (in0 > a) {
                col.asSlice((dst + a) * bytes, (long) (in0 - a) * bytes).fill((byte) 0);
            }
            long from = src + (long) in0 * sw + offW;
            if (sw == 1) {
                MemorySegment.copy(x, from * bytes, col, (dst + in0) * bytes, (long) (in1 - in0) * bytes);
            } else if (dtype == DType.F32) {
                for (int j = in0; j < in1; j++, from += sw) {
                    col.setAtIndex(JAVA_FLOAT, dst + j, x.getAtIndex(JAVA_FLOAT, from));
                }
            } else {
                for (int j = in0; j < in1; j++, from += sw) {
                    col.setAtIndex(JAVA_DOUBLE, dst + j, x.getAtIndex(JAVA_DOUBLE, from));
                }
            }
            if (b > in1) {
                col.asSlice((dst + in1) * bytes, (long) (b - in1) * bytes).fill((byte) 0);
            }
        }
    }

    private static void raiseRow(ConvGeometry g, DType dtype, MemorySegment col, long colRow, long p0, int width,
                                 MemorySegment x, long xBase, int tap) {
        int[] t = taps(g, tap);
        int ow = g.output()[2];
        int sw = g.stride()[2];
        int offW = t[2] * g.dilation()[2] - g.padding()[2];
        int lo = firstInside(offW, sw);
        int hi = lastInsideExclusive(offW, sw, g.input()[2], ow);
        long end = p0 + width;
        for (long rowStart = p0 - p0 % ow; rowStart < end; rowStart += ow) {
            long src = inputLine(g, t, rowStart / ow, xBase);
            if (src < 0) {
                continue;
            }
            int in0 = (int) Math.max(Math.max(0, p0 - rowStart), lo);
            int in1 = (int) Math.min(Math.min(ow, end - rowStart), hi);
            long from = colRow + rowStart - p0;
            long to = src + (long) in0 * sw + offW;
            if (dtype == DType.F32) {
                for (int j = in0; j < in1; j++, to += sw) {
                    x.setAtIndex(JAVA_FLOAT, to, x.getAtIndex(JAVA_FLOAT, to) + col.getAtIndex(JAVA_FLOAT, from + j));
                }
            } else {
                for (int j = in0; j < in1; j++, to += sw) {
                    x.setAtIndex(JAVA_DOUBLE, to, x.getAtIndex(JAVA_DOUBLE, to) + col.getAtIndex(JAVA_DOUBLE, from + j));
                }
            }
        }
    }

    /** (tD, tH, tW) of flattened tap index. */
    private static int[] taps(ConvGeometry g, int tap) {
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        return new int[] {tap / (kh * kw), tap / kw % kh, tap % kw};
    }

    /**
     * Index in x of (iD, iH, 0) for output line (oD, oH) = (line / oH, line % oH) and taps t, or −1
     * when that input line lies in the padding. The first element of the line is at offset −pW.
     */
    private static long inputLine(ConvGeometry g, int[] t, long line, long xBase) {
        int oh = g.output()[1];
        int id = (int) (line / oh) * g.stride()[0] + t[0] * g.dilation()[0] - g.padding()[0];
        int ih = (int) (line % oh) * g.stride()[1] + t[1] * g.dilation()[1] - g.padding()[1];
        if (id < 0 || id >= g.input()[0] || ih < 0 || ih >= g.input()[1]) {
            return -1;
        }
        return xBase + ((long) id * g.input()[1] + ih) * g.input()[2];
    }

    /** First output column ow with ow·s + off ≥ 0. */
    static int firstInside(int off, int s) {
        return off >= 0 ? 0 : (-off + s - 1) / s;
    }

    /** One past the last output column ow (capped at outW) with ow·s + off < in. */
    static int lastInsideExclusive(int off, int s, int in, int outW) {
        if (in - off <= 0) {
            return 0;
        }
        return Math.min(outW, (in - off - 1) / s + 1);
    }
}
