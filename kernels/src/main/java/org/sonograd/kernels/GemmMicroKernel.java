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
 *
 * <p>The FMA loop and the write to C are two methods: one method holding both, with the scalar edge
 * path, grew past C2's inlining node budget, some vector operations were left as slow Java calls,
 * and the whole GEMM ran at a tenth of the speed.
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
     * Accumulates the tile from panels {@code ap[a..]} and {@code bp[b..]} of depth {@code kc} into
     * {@code tile} (MR·NR floats, row-major). Kept this small on purpose: only the FMA loop, so that
     * C2 compiles it whole, with every vector operation intrinsified and every accumulator in a register.
     */
    static void multiply(float[] ap, int a, float[] bp, int b, int kc, float[] tile) {
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
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + V);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
    }

    /**
     * Writes the top-left {@code rows}×{@code cols} corner of {@code tile} to C at element
     * {@code cIndex} (row stride {@code ldc}): C = tile when beta is 0 (C not read), else
     * C = tile + beta · C.
     */
    static void store(float[] tile, MemorySegment c, long cIndex, long ldc, int rows, int cols, float beta) {
        if (rows == MR && cols == NR) {
            FloatVector betaV = FloatVector.broadcast(S, beta);
            for (int i = 0; i < MR; i++) {
                long byteAt = (cIndex + i * ldc) * 4;
                for (int v = 0; v < NR; v += V) {
                    FloatVector acc = FloatVector.fromArray(S, tile, i * NR + v);
                    if (beta != 0) {
                        acc = betaV.fma(FloatVector.fromMemorySegment(S, c, byteAt + v * 4L, ORDER), acc);
                    }
                    acc.intoMemorySegment(c, byteAt + v * 4L, ORDER);
                }
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long at = cIndex + i * ldc + j;
                float acc = tile[i * NR + j];
                c.setAtIndex(JAVA_FLOAT, at, beta == 0 ? acc : Math.fma(beta, c.getAtIndex(JAVA_FLOAT, at), acc));
            }
        }
    }
}
