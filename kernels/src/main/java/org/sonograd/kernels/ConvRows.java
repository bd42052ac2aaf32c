package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * The lowering of the implicit-GEMM convolution ({@link ConvImplicit}): the input in channels-last
 * layout (N × D·H·W × C), and the lowered row of one output position z (im2row):
 * row[(t, c)] = x[n, z·s + t·d − p, c] for the taps t of a block, zero where a tap falls in the
 * padding. Taps come in (tD, tH, tW) order and channels innermost, so with dilation 1 along W the
 * taps of one (tD, tH) read one contiguous run of kW·C floats, one array copy. The channels-last
 * input is a heap array, so those short copies are intrinsic array copies without segment checks.
 */
final class ConvRows {
    private ConvRows() {}

    /** x (N × C × V, contiguous) as a heap array N × V × C, transposed in blocks of positions. */
    static float[] channelsLast(MemorySegment x, int batch, int channels, long volume) {
        float[] out = new float[Math.toIntExact(batch * channels * volume)];
        int vol = Math.toIntExact(volume);
        int block = 256;
        Parallel.forEach(batch * Parallel.chunks(vol, block), task -> {
            int n = task / Parallel.chunks(vol, block);
            int v0 = task % Parallel.chunks(vol, block) * block;
            int v1 = Math.min(vol, v0 + block);
            float[] line = new float[block];
            for (int c = 0; c < channels; c++) {
                long from = ((long) n * channels + c) * vol + v0;
                MemorySegment.copy(x, JAVA_FLOAT, from * 4, line, 0, v1 - v0);
                int to = (n * vol + v0) * channels + c;
                for (int v = 0; v < v1 - v0; v++, to += channels) {
                    out[to] = line[v];
                }
            }
        });
        return out;
    }

    /**
     * Writes the lowered row of output position z of sample n for taps [tap0, tap1) and the
     * channels [c0, c0 + cg) of a channels-last input with {@code channels} channels to dst: element
     * q of the row at dst[at + q·step] (step 1: a plain row; step 6: one row of an interleaved
     * micro-panel, see {@link ConvMicroKernel}). Returns whether any tap lands inside the
     * input (a row of zeros can be skipped).
     */
    static boolean row(ConvGeometry g, float[] xcl, int channels, int c0, int cg, int n, long z,
                       int tap0, int tap1, float[] dst, int at, int step) {
        int[] out = g.output();
        int zd = (int) (z / ((long) out[1] * out[2]));
        int zh = (int) (z / out[2] % out[1]);
        int zw = (int) (z % out[2]);
        int[] in = g.input();
        int kw = g.kernel()[2];
        int kh = g.kernel()[1];
        int id0 = zd * g.stride()[0] - g.padding()[0];
        int ih0 = zh * g.stride()[1] - g.padding()[1];
        int iw0 = zw * g.stride()[2] - g.padding()[2];
        int dw = g.dilation()[2];
        long sampleBase = (long) n * g.inputVolume() * channels;
        boolean any = false;
        int q = 0;
        int t = tap0;
        while (t < tap1) {
            int line = t / kw;
            int lineEnd = Math.min(tap1, (line + 1) * kw);
            int id = id0 + line / kh * g.dilation()[0];
            int ih = ih0 + line % kh * g.dilation()[1];
            int len = (lineEnd - t) * cg;
            if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                zero(dst, at + q * step, len, step);
            } else {
                // taps t..lineEnd of this line: iw = iw0 + (t % kw)·dw; the valid ones form a range
                int first = t % kw;
                int last = lineEnd - line * kw; // exclusive
                int lo = Math.max(first, iw0 >= 0 ? 0 : (-iw0 + dw - 1) / dw);
                int hi = Math.min(last, in[2] - iw0 <= 0 ? 0 : (in[2] - iw0 - 1) / dw + 1);
                long lineBase = sampleBase + ((long) id * in[1] + ih) * in[2] * channels;
                if (hi <= lo) {
                    zero(dst, at + q * step, len, step);
                } else {
                    any = true;
                    int pos = q;
                    if (lo > first) {
                        zero(dst, at + pos * step, (lo - first) * cg, step);
                        pos += (lo - first) * cg;
                    }
                    if (dw == 1 && cg == channels) {
                        long src = lineBase + (long) (iw0 + lo) * channels;
                        copy(xcl, (int) src, dst, at + pos * step, (hi - lo) * cg, step);
                        pos += (hi - lo) * cg;
                    } else {
                        for (int k = lo; k < hi; k++) {
                            copy(xcl, (int) (lineBase + (long) (iw0 + k * dw) * channels + c0), dst, at + pos * step, cg, step);
                            pos += cg;
                        }
                    }
                    if (hi < last) {
                        zero(dst, at + pos * step, (last - hi) * cg, step);
                    }
                }
            }
            q += len;
            t = lineEnd;
        }
        return any;
    }

    /** Whether any tap of [tap0, tap1) of output position z lands inside the input (else its row is zero). */
    static boolean reaches(ConvGeometry g, long z, int tap0, int tap1) {
        int[] out = g.output();
        int[] in = g.input();
        int[] k = g.kernel();
        int zd = (int) (z / ((long) out[1] * out[2]));
        int zh = (int) (z / out[2] % out[1]);
        int zw = (int) (z % out[2]);
        for (int t = tap0; t < tap1; t++) {
            int id = zd * g.stride()[0] - g.padding()[0] + t / (k[1] * k[2]) * g.dilation()[0];
            int ih = zh * g.stride()[1] - g.padding()[1] + t / k[2] % k[1] * g.dilation()[1];
            int iw = zw * g.stride()[2] - g.padding()[2] + t % k[2] * g.dilation()[2];
            if (id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && iw >= 0 && iw < in[2]) {
                return true;
            }
        }
        return false;
    }

    // dst[at + q·step] = 0 for q < len
    private static void zero(float[] dst, int at, int len, int step) {
        if (step == 1) {
            java.util.Arrays.fill(dst, at, at + len, 0f);
        } else {
            for (int q = 0, i = at; q < len; q++, i += step) {
                dst[i] = 0f;
            }
        }
    }

    // dst[at + q·step] = src[from + q] for q < len
    private static void copy(float[] src, int from, float[] dst, int at, int len, int step) {
        if (step == 1) {
            System.arraycopy(src, from, dst, at, len);
        } else {
            for (int q = 0, i = at; q < len; q++, i += step) {
                dst[i] = src[from + q];
            }
        }
    }
}
