package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernel of the packed GEMM versions: an {@value #MR}×NR block of C, NR
 * being two float vectors (32 columns with AVX-512, 16 with AVX2), accumulated in 12 vector
 * registers over a k-block: acc[i, 0:NR] = Σ_p Ap[p, i] · Bp[p, 0:NR], then C = acc + beta · C.
 *
 * <p>Ap is an {@value #MR}-row panel of A packed column by column (alpha already applied), Bp an
 * NR-column panel of B packed row by row (see {@link GemmPacking}), so every step reads
 * {@value #MR} broadcast scalars and two vectors and issues 12 independent FMAs. The loop is
 * unrolled by hand with local accumulators, which is what lets C2 keep them in registers.
 */
final class GemmMicroKernel {
    static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    /** Floats per vector. */
    static final int V = S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * V;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmMicroKernel() {}

    /**
     * Computes the tile from panels {@code ap[a..]} and {@code bp[b..]} of depth {@code kc} and
     * writes its top-left {@code rows}×{@code cols} corner to C at element {@code cIndex} (row
     * stride {@code ldc}): C = acc when beta is 0 (C not read), C = acc + beta · C otherwise.
     * {@code edge} is a scratch of MR·NR floats for partial tiles.
     */
    static void multiply(float[] ap, int a, float[] bp, int b, int kc, MemorySegment c, long cIndex, long ldc,
                         int rows, int cols, float beta, float[] edge) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + V);
            FloatVector a0 = FloatVector.broadcast(S, ap[a]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[a + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[a + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[a + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[a + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[a + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            a += MR;
            b += NR;
        }
        if (rows == MR && cols == NR) {
            update(c00, c01, c, cIndex * 4, beta);
            update(c10, c11, c, (cIndex + 1 * ldc) * 4, beta);
            update(c20, c21, c, (cIndex + 2 * ldc) * 4, beta);
            update(c30, c31, c, (cIndex + 3 * ldc) * 4, beta);
            update(c40, c41, c, (cIndex + 4 * ldc) * 4, beta);
            update(c50, c51, c, (cIndex + 5 * ldc) * 4, beta);
            return;
        }
        c00.intoArray(edge, 0 * NR);
        c01.intoArray(edge, 0 * NR + V);
        c10.intoArray(edge, 1 * NR);
        c11.intoArray(edge, 1 * NR + V);
        c20.intoArray(edge, 2 * NR);
        c21.intoArray(edge, 2 * NR + V);
        c30.intoArray(edge, 3 * NR);
        c31.intoArray(edge, 3 * NR + V);
        c40.intoArray(edge, 4 * NR);
        c41.intoArray(edge, 4 * NR + V);
        c50.intoArray(edge, 5 * NR);
        c51.intoArray(edge, 5 * NR + V);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long at = cIndex + i * ldc + j;
                float acc = edge[i * NR + j];
                c.setAtIndex(JAVA_FLOAT, at, beta == 0 ? acc : Math.fma(beta, c.getAtIndex(JAVA_FLOAT, at), acc));
            }
        }
    }

    // C[row, 0:NR] = acc + beta · C[row, 0:NR], with C not read when beta is 0
    private static void update(FloatVector acc0, FloatVector acc1, MemorySegment c, long byteAt, float beta) {
        long byteAt1 = byteAt + V * 4L;
        if (beta == 0) {
            acc0.intoMemorySegment(c, byteAt, ORDER);
            acc1.intoMemorySegment(c, byteAt1, ORDER);
        } else {
            FloatVector betaV = FloatVector.broadcast(S, beta);
            betaV.fma(FloatVector.fromMemorySegment(S, c, byteAt, ORDER), acc0).intoMemorySegment(c, byteAt, ORDER);
            betaV.fma(FloatVector.fromMemorySegment(S, c, byteAt1, ORDER), acc1).intoMemorySegment(c, byteAt1, ORDER);
        }
    }
}
