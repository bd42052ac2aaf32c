package org.sonograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of the lane-oriented convolution ({@link ConvLanes}): 8 output channels × NQ
 * consecutive output positions (three vectors, 24 accumulators: measured 4–8 % faster than two
 * on R3D-18 layer1 and layer2), the positions in the vector lanes and the weights
 * broadcast, the transpose of {@link ConvMicroKernel}'s orientation. The input operand is read in
 * place from a zero-padded channels-first copy of the input, where with stride 1 the NQ positions
 * of one tap and channel are NQ consecutive floats: nothing is lowered. The weight is packed in
 * (tap, channel) order with the 8 channels interleaved, wp[k·8 + i], and C is a heap tile that is
 * accumulated into.
 */
final class ConvLaneKernel {
    static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    static final int V = S.length();
    /** Output channels per tile. */
    static final int NC = 8;
    /** Output positions per tile. */
    static final int NQ = 3 * V;

    private ConvLaneKernel() {}

    /**
     * c[c0 + i·ldc + q] += Σ_{t, ch} wp[a0 + ((t − t0)·cg + ch)·8 + i] · x[base + tapOffset[t] + ch·cs + q]
     * for i < 8, q < NQ, the taps t of [t0, t1) and the channels ch < cg.
     */
    static void accumulate(float[] wp, int a0, float[] x, int base, int[] tapOffset, int t0, int t1, int cg, int cs,
                           float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, c0), c01 = FloatVector.fromArray(S, c, c0 + V);
        FloatVector c02 = FloatVector.fromArray(S, c, c0 + 2 * V);
        FloatVector c10 = FloatVector.fromArray(S, c, c0 + ldc), c11 = FloatVector.fromArray(S, c, c0 + ldc + V);
        FloatVector c12 = FloatVector.fromArray(S, c, c0 + ldc + 2 * V);
        FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc), c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + V);
        FloatVector c22 = FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * V);
        FloatVector c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc), c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + V);
        FloatVector c32 = FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * V);
        FloatVector c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc), c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + V);
        FloatVector c42 = FloatVector.fromArray(S, c, c0 + 4 * ldc + 2 * V);
        FloatVector c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc), c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + V);
        FloatVector c52 = FloatVector.fromArray(S, c, c0 + 5 * ldc + 2 * V);
        FloatVector c60 = FloatVector.fromArray(S, c, c0 + 6 * ldc), c61 = FloatVector.fromArray(S, c, c0 + 6 * ldc + V);
        FloatVector c62 = FloatVector.fromArray(S, c, c0 + 6 * ldc + 2 * V);
        FloatVector c70 = FloatVector.fromArray(S, c, c0 + 7 * ldc), c71 = FloatVector.fromArray(S, c, c0 + 7 * ldc + V);
        FloatVector c72 = FloatVector.fromArray(S, c, c0 + 7 * ldc + 2 * V);
        int a = a0;
        for (int t = t0; t < t1; t++) {
            int b = base + tapOffset[t];
            for (int ch = 0; ch < cg; ch++, b += cs, a += NC) {
                FloatVector x0 = FloatVector.fromArray(S, x, b);
                FloatVector x1 = FloatVector.fromArray(S, x, b + V);
                FloatVector x2 = FloatVector.fromArray(S, x, b + 2 * V);
                FloatVector w0 = FloatVector.broadcast(S, wp[a]);
                c00 = w0.fma(x0, c00);
                c01 = w0.fma(x1, c01);
                c02 = w0.fma(x2, c02);
                FloatVector w1 = FloatVector.broadcast(S, wp[a + 1]);
                c10 = w1.fma(x0, c10);
                c11 = w1.fma(x1, c11);
                c12 = w1.fma(x2, c12);
                FloatVector w2 = FloatVector.broadcast(S, wp[a + 2]);
                c20 = w2.fma(x0, c20);
                c21 = w2.fma(x1, c21);
                c22 = w2.fma(x2, c22);
                FloatVector w3 = FloatVector.broadcast(S, wp[a + 3]);
                c30 = w3.fma(x0, c30);
                c31 = w3.fma(x1, c31);
                c32 = w3.fma(x2, c32);
                FloatVector w4 = FloatVector.broadcast(S, wp[a + 4]);
                c40 = w4.fma(x0, c40);
                c41 = w4.fma(x1, c41);
                c42 = w4.fma(x2, c42);
                FloatVector w5 = FloatVector.broadcast(S, wp[a + 5]);
                c50 = w5.fma(x0, c50);
                c51 = w5.fma(x1, c51);
                c52 = w5.fma(x2, c52);
                FloatVector w6 = FloatVector.broadcast(S, wp[a + 6]);
                c60 = w6.fma(x0, c60);
                c61 = w6.fma(x1, c61);
                c62 = w6.fma(x2, c62);
                FloatVector w7 = FloatVector.broadcast(S, wp[a + 7]);
                c70 = w7.fma(x0, c70);
                c71 = w7.fma(x1, c71);
                c72 = w7.fma(x2, c72);
            }
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + V);
        c02.intoArray(c, c0 + 2 * V);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + V);
        c12.intoArray(c, c0 + ldc + 2 * V);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + V);
        c22.intoArray(c, c0 + 2 * ldc + 2 * V);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + V);
        c32.intoArray(c, c0 + 3 * ldc + 2 * V);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + V);
        c42.intoArray(c, c0 + 4 * ldc + 2 * V);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + V);
        c52.intoArray(c, c0 + 5 * ldc + 2 * V);
        c60.intoArray(c, c0 + 6 * ldc);
        c61.intoArray(c, c0 + 6 * ldc + V);
        c62.intoArray(c, c0 + 6 * ldc + 2 * V);
        c70.intoArray(c, c0 + 7 * ldc);
        c71.intoArray(c, c0 + 7 * ldc + V);
        c72.intoArray(c, c0 + 7 * ldc + 2 * V);
    }
}
