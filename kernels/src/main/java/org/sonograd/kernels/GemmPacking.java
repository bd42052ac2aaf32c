package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.sonograd.kernels.GemmMicroKernel.MR;
import static org.sonograd.kernels.GemmMicroKernel.NR;
import static org.sonograd.kernels.GemmMicroKernel.S;
import static org.sonograd.kernels.GemmMicroKernel.V;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * Packs blocks of op(A) and op(B) into the panel layouts that {@link GemmMicroKernel} streams
 * through: whatever the transposition and leading dimension of the operand, the micro-kernel then
 * reads both panels with unit stride. Panels at the edges are padded with zeros to full width.
 */
final class GemmPacking {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmPacking() {}

    /**
     * Packs rows [i0, i0+rows) × depth [p0, p0+kc) of op(A), times alpha, as MR-row panels: panel r
     * starts at r·MR·kc and holds alpha · op(A)[i0 + r·MR + i, p0 + p] at p·MR + i.
     */
    static void packA(float[] ap, boolean transA, MemorySegment a, long aOffset, long lda,
                      int i0, int rows, int p0, int kc, float alpha) {
        for (int r = 0; r < rows; r += MR) {
            int base = r * kc;
            int height = Math.min(MR, rows - r);
            for (int i = 0; i < MR; i++) {
                int row = i0 + r + i;
                if (i >= height) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = 0f;
                    }
                } else if (transA) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = alpha * a.getAtIndex(JAVA_FLOAT, aOffset + (p0 + p) * lda + row);
                    }
                } else {
                    long rowStart = aOffset + row * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = alpha * a.getAtIndex(JAVA_FLOAT, rowStart + p);
                    }
                }
            }
        }
    }

    /**
     * Packs depth [p0, p0+kc) × columns [j0, j0+cols) of op(B) as NR-column panels: panel s starts
     * at bp0 + s·NR·kc and holds op(B)[p0 + p, j0 + s·NR + j] at p·NR + j.
     */
    static void packB(float[] bp, int bp0, boolean transB, MemorySegment b, long bOffset, long ldb,
                      int p0, int kc, int j0, int cols) {
        for (int s = 0; s < cols; s += NR) {
            int base = bp0 + s * kc;
            int width = Math.min(NR, cols - s);
            int col = j0 + s;
            if (!transB && width == NR) {
                for (int p = 0; p < kc; p++) {
                    long byteAt = (bOffset + (p0 + p) * ldb + col) * 4;
                    FloatVector.fromMemorySegment(S, b, byteAt, ORDER).intoArray(bp, base + p * NR);
                    FloatVector.fromMemorySegment(S, b, byteAt + V * 4L, ORDER).intoArray(bp, base + p * NR + V);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    for (int j = 0; j < NR; j++) {
                        float value = 0f;
                        if (j < width) {
                            long at = transB ? (col + j) * ldb + p0 + p : (p0 + p) * ldb + col + j;
                            value = b.getAtIndex(JAVA_FLOAT, bOffset + at);
                        }
                        bp[base + p * NR + j] = value;
                    }
                }
            }
        }
    }
}
