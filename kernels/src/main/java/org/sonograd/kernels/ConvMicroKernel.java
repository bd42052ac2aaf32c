package org.sonograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of the implicit-GEMM convolution: 6 output positions × NR output channels
 * (two vectors), acc[i, 0:NR] += Σ_p row_i[p] · Bp[p, 0:NR] over a block of kc lowered taps. The
 * six lowered rows are interleaved into one micro-panel, ap[p·6 + i] = row_i[p] (one index walks
 * it, as in {@link GemmMicroKernel}: reading six rows in place ran at a third of the speed, C2
 * keeping six range checks in the loop; {@link ConvRows#row} lowers straight into that layout), and
 * C is a heap tile that is accumulated into.
 */
final class ConvMicroKernel {
    static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    static final int V = S.length();
    /** Output positions per tile. */
    static final int MR = 6;
    /** Output channels per tile. */
    static final int NR = 2 * V;

    private ConvMicroKernel() {}

    /**
     * c[i·ldc + j] += Σ_p ap[a0 + p·6 + i] · bp[b0 + p·ldb + j] for i < 6, j < NR, p < kc: the six
     * A rows interleaved; B is a packed panel (ldb = NR) or a slab of NR
     * columns of a row-major matrix.
     */
    static void accumulate(float[] ap, int a0, float[] bp, int b0, int ldb, int kc, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, c0), c01 = FloatVector.fromArray(S, c, c0 + V);
        FloatVector c10 = FloatVector.fromArray(S, c, c0 + ldc), c11 = FloatVector.fromArray(S, c, c0 + ldc + V);
        FloatVector c20 = FloatVector.fromArray(S, c, c0 + 2 * ldc), c21 = FloatVector.fromArray(S, c, c0 + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(S, c, c0 + 3 * ldc), c31 = FloatVector.fromArray(S, c, c0 + 3 * ldc + V);
        FloatVector c40 = FloatVector.fromArray(S, c, c0 + 4 * ldc), c41 = FloatVector.fromArray(S, c, c0 + 4 * ldc + V);
        FloatVector c50 = FloatVector.fromArray(S, c, c0 + 5 * ldc), c51 = FloatVector.fromArray(S, c, c0 + 5 * ldc + V);
        int a = a0;
        int b = b0;
        for (int p = 0; p < kc; p++) {
            FloatVector b0v = FloatVector.fromArray(S, bp, b);
            FloatVector b1v = FloatVector.fromArray(S, bp, b + V);
            FloatVector x0 = FloatVector.broadcast(S, ap[a]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            FloatVector x1 = FloatVector.broadcast(S, ap[a + 1]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            FloatVector x2 = FloatVector.broadcast(S, ap[a + 2]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            FloatVector x3 = FloatVector.broadcast(S, ap[a + 3]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            FloatVector x4 = FloatVector.broadcast(S, ap[a + 4]);
            c40 = x4.fma(b0v, c40);
            c41 = x4.fma(b1v, c41);
            FloatVector x5 = FloatVector.broadcast(S, ap[a + 5]);
            c50 = x5.fma(b0v, c50);
            c51 = x5.fma(b1v, c51);
            a += MR;
            b += ldb;
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + V);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + V);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + V);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + V);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + V);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + V);
    }

    /** The same product with scalar loops, for when the Vector API is off. */
    static void accumulateScalar(float[] ap, int a0, float[] bp, int b0, int ldb, int kc, float[] c, int c0, int ldc) {
        for (int i = 0; i < MR; i++) {
            for (int j = 0; j < NR; j++) {
                float acc = c[c0 + i * ldc + j];
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(ap[a0 + p * MR + i], bp[b0 + p * ldb + j], acc);
                }
                c[c0 + i * ldc + j] = acc;
            }
        }
    }
}
