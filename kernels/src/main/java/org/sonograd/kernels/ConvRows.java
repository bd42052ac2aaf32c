package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lowering of the implicit-GEMM convolution ({@link ConvImplicit}): the input in channels-last
 * layout (N × D·H·W × C), and the lowered row of one output position z (im2row):
 * row[(t, c)] = x[n, z·s + t·d − p, c] for the taps t of a block, zero where a tap falls in the
 * padding. Taps come in (tD, tH, tW) order and channels innermost, so with dilation 1 along W the
 * taps of one (tD, tH) read one contiguous run of kW·C floats, copied with vector loads.
 */
final class ConvRows {
    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final int V = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ConvRows() {}

    /** x (N × C × V, contiguous) as N × V × C, into a new block of the caching allocator. */
    static MemorySegment channelsLast(MemorySegment x, long batch, long channels, long volume) {
        MemorySegment out = CachingAllocator.global().allocate(batch * channels * volume * 4);
        long[] shape = {batch, volume, channels};
        LayoutKernels.copy(shape, new Operand(x, DType.F32, 0, new long[] {channels * volume, 1, volume}),
                Operand.contiguous(out, DType.F32, 0, shape));
        return out;
    }

    /**
     * Writes the lowered row of global output position m (sample m / P) for taps [tap0, tap1) and the
     * channels [c0, c0 + cg) of a channels-last input with {@code channels} channels to dst[at..].
     * Returns whether any tap lands inside the input (a row of zeros can be skipped).
     */
    static boolean row(ConvGeometry g, MemorySegment xcl, int channels, int c0, int cg, long m,
                       int tap0, int tap1, float[] dst, int at) {
        long p = g.outputVolume();
        int n = (int) (m / p);
        long z = m % p;
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
        int t = tap0;
        while (t < tap1) {
            int line = t / kw;
            int lineEnd = Math.min(tap1, (line + 1) * kw);
            int id = id0 + line / kh * g.dilation()[0];
            int ih = ih0 + line % kh * g.dilation()[1];
            int len = (lineEnd - t) * cg;
            if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                java.util.Arrays.fill(dst, at, at + len, 0f);
            } else {
                // taps t..lineEnd of this line: iw = iw0 + (t % kw)·dw; the valid ones form a range
                int first = t % kw;
                int last = lineEnd - line * kw; // exclusive
                int lo = Math.max(first, iw0 >= 0 ? 0 : (-iw0 + dw - 1) / dw);
                int hi = Math.min(last, in[2] - iw0 <= 0 ? 0 : (in[2] - iw0 - 1) / dw + 1);
                long lineBase = sampleBase + ((long) id * in[1] + ih) * in[2] * channels;
                if (hi <= lo) {
                    java.util.Arrays.fill(dst, at, at + len, 0f);
                } else {
                    any = true;
                    int pos = at;
                    if (lo > first) {
                        java.util.Arrays.fill(dst, pos, pos + (lo - first) * cg, 0f);
                        pos += (lo - first) * cg;
                    }
                    if (dw == 1 && cg == channels) {
                        long src = lineBase + (long) (iw0 + lo) * channels;
                        copy(xcl, src, dst, pos, (hi - lo) * cg);
                        pos += (hi - lo) * cg;
                    } else {
                        for (int k = lo; k < hi; k++) {
                            copy(xcl, lineBase + (long) (iw0 + k * dw) * channels + c0, dst, pos, cg);
                            pos += cg;
                        }
                    }
                    if (hi < last) {
                        java.util.Arrays.fill(dst, pos, pos + (last - hi) * cg, 0f);
                    }
                }
            }
            at += len;
            t = lineEnd;
        }
        return any;
    }

    /** dst[at, at + len) = src[from, from + len) (float indices), with vector loads and a masked tail. */
    private static void copy(MemorySegment src, long from, float[] dst, int at, int len) {
        long byteAt = from * 4;
        int i = 0;
        if (VectorSupport.enabled()) {
            for (; i + V <= len; i += V) {
                FloatVector.fromMemorySegment(S, src, byteAt + i * 4L, ORDER).intoArray(dst, at + i);
            }
            if (i < len) {
                VectorMask<Float> tail = S.indexInRange(i, len);
                FloatVector.fromMemorySegment(S, src, byteAt + i * 4L, ORDER, tail).intoArray(dst, at + i, tail);
            }
            return;
        }
        MemorySegment.copy(src, java.lang.foreign.ValueLayout.JAVA_FLOAT, byteAt, dst, at, len);
    }
}
