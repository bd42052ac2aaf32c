package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Convolution version 0: the definition as plain loops, accumulated in double, for F32 and F64.
 *
 * <pre>
 * y[n, o, z] = Σ_{c ∈ group(o)} Σ_t w[o, c, t] · x[n, c, z·s + t·d − p]        (forward)
 * ∂x[n, c, i] = Σ_o Σ_t w[o, c, t] · gy[n, o, z]   over z with z·s + t·d − p = i  (input grad)
 * ∂w[o, c, t] = Σ_n Σ_z gy[n, o, z] · x[n, c, z·s + t·d − p]                     (weight grad)
 * </pre>
 * with taps outside the input contributing zero. Every buffer is contiguous, in the layouts of
 * {@link ConvGeometry}; outputs are overwritten.
 */
final class ConvReference {
    private ConvReference() {}

    /** Index into x of the tap t of output position z in the channel starting at channelBase; −1 in the padding. */
    private static long inputIndex(ConvGeometry g, long channelBase, int[] z, int[] t) {
        long index = 0;
        for (int d = 0; d < 3; d++) {
            int i = z[d] * g.stride()[d] + t[d] * g.dilation()[d] - g.padding()[d];
            if (i < 0 || i >= g.input()[d]) {
                return -1;
            }
            index = index * g.input()[d] + i;
        }
        return channelBase + index;
    }

    static void forward(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y) {
        walk(g, dtype, x, w, y, Mode.FORWARD);
    }

    static void inputGrad(ConvGeometry g, DType dtype, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        walk(g, dtype, gx, w, gy, Mode.INPUT_GRAD);
    }

    static void weightGrad(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment gy, MemorySegment gw) {
        walk(g, dtype, x, gw, gy, Mode.WEIGHT_GRAD);
    }

    private enum Mode { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /** Visits every (n, o, c, z, t) term with its x, w and y indices and applies the mode's update. */
    private static void walk(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y, Mode mode) {
        double[] xs = new double[Math.toIntExact(g.inputElements())];
        double[] ws = new double[Math.toIntExact(g.weightElements())];
        double[] ys = new double[Math.toIntExact(g.outputElements())];
        if (mode != Mode.INPUT_GRAD) {
            read(dtype, x, xs);
        }
        if (mode != Mode.WEIGHT_GRAD) {
            read(dtype, w, ws);
        }
        if (mode != Mode.FORWARD) {
            read(dtype, y, ys);
        }
        double[] xOut = new double[xs.length];
        double[] wOut = new double[ws.length];
        double[] yOut = new double[ys.length];
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int[] z = new int[3];
        int[] t = new int[3];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int group = o / og;
                for (long zi = 0; zi < g.outputVolume(); zi++) {
                    z[0] = (int) (zi / ((long) g.output()[1] * g.output()[2]));
                    z[1] = (int) (zi / g.output()[2] % g.output()[1]);
                    z[2] = (int) (zi % g.output()[2]);
                    long yi = ((long) n * g.outChannels() + o) * g.outputVolume() + zi;
                    double acc = 0;
                    for (int cl = 0; cl < cg; cl++) {
                        int c = group * cg + cl;
                        long xBase = ((long) n * g.inChannels() + c) * g.inputVolume();
                        for (int ti = 0; ti < g.taps(); ti++) {
                            t[0] = ti / (g.kernel()[1] * g.kernel()[2]);
                            t[1] = ti / g.kernel()[2] % g.kernel()[1];
                            t[2] = ti % g.kernel()[2];
                            long xi = inputIndex(g, xBase, z, t);
                            if (xi < 0) {
                                continue;
                            }
                            int wi = (o * cg + cl) * g.taps() + ti;
                            switch (mode) {
                                case FORWARD -> acc += ws[wi] * xs[(int) xi];
                                case INPUT_GRAD -> xOut[(int) xi] += ws[wi] * ys[(int) yi];
                                case WEIGHT_GRAD -> wOut[wi] += ys[(int) yi] * xs[(int) xi];
                            }
                        }
                    }
                    yOut[(int) yi] = acc;
                }
            }
        }
        switch (mode) {
            case FORWARD -> write(dtype, yOut, y);
            case INPUT_GRAD -> write(dtype, xOut, x);
            case WEIGHT_GRAD -> write(dtype, wOut, w);
        }
    }

    static void read(DType dtype, MemorySegment seg, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype == DType.F32 ? seg.getAtIndex(JAVA_FLOAT, i) : seg.getAtIndex(JAVA_DOUBLE, i);
        }
    }

    static void write(DType dtype, double[] values, MemorySegment seg) {
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.F32) {
                seg.setAtIndex(JAVA_FLOAT, i, (float) values[i]);
            } else {
                seg.setAtIndex(JAVA_DOUBLE, i, values[i]);
            }
        }
    }
}
