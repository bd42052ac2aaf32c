package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.sonograd.kernels.GemmMicroKernel.MR;
import static org.sonograd.kernels.GemmMicroKernel.NR;
import static org.sonograd.kernels.GemmMicroKernel.S;
import static org.sonograd.kernels.GemmMicroKernel.V;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
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
     * starts at ap0 + r·MR·kc and holds alpha · op(A)[i0 + r·MR + i, p0 + p] at p·MR + i.
     */
    static void packA(float[] ap, int ap0, boolean transA, MemorySegment a, long aOffset, long lda,
                      int i0, int rows, int p0, int kc, float alpha) {
        for (int r = 0; r < rows; r += MR) {
            int base = ap0 + r * kc;
            int height = Math.min(MR, rows - r);
            if (height < MR) {
                Arrays.fill(ap, base, base + kc * MR, 0f);
            }
            if (transA) {
                // A stored k×m: the MR values of one depth p are contiguous.
                for (int p = 0; p < kc; p++) {
                    long rowAt = aOffset + (p0 + p) * lda + i0 + r;
                    for (int i = 0; i < height; i++) {
                        ap[base + p * MR + i] = alpha * a.getAtIndex(JAVA_FLOAT, rowAt + i);
                    }
                }
            } else {
                for (int i = 0; i < height; i++) {
                    long rowAt = aOffset + (i0 + r + i) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + i] = alpha * a.getAtIndex(JAVA_FLOAT, rowAt + p);
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
        if (transB) {
            packColumnsOfB(bp, bp0, b, bOffset, ldb, p0, kc, j0, cols);
        } else {
            packRowsOfB(bp, bp0, b, bOffset, ldb, p0, kc, j0, cols);
        }
    }

    // B stored k×n: walk each row of the block once, left to right, scattering it over the panels.
    private static void packRowsOfB(float[] bp, int bp0, MemorySegment b, long bOffset, long ldb,
                                    int p0, int kc, int j0, int cols) {
        int fullCols = cols / NR * NR;
        for (int p = 0; p < kc; p++) {
            long rowByte = (bOffset + (p0 + p) * ldb + j0) * 4;
            for (int s = 0; s < fullCols; s += NR) {
                int at = bp0 + s * kc + p * NR;
                FloatVector.fromMemorySegment(S, b, rowByte + s * 4L, ORDER).intoArray(bp, at);
                FloatVector.fromMemorySegment(S, b, rowByte + (s + V) * 4L, ORDER).intoArray(bp, at + V);
            }
        }
        if (fullCols < cols) {
            int width = cols - fullCols;
            int base = bp0 + fullCols * kc;
            Arrays.fill(bp, base, base + kc * NR, 0f);
            for (int p = 0; p < kc; p++) {
                long rowAt = bOffset + (p0 + p) * ldb + j0 + fullCols;
                for (int j = 0; j < width; j++) {
                    bp[base + p * NR + j] = b.getAtIndex(JAVA_FLOAT, rowAt + j);
                }
            }
        }
    }

    // B stored n×k: each column of op(B) is a contiguous row of B.
    private static void packColumnsOfB(float[] bp, int bp0, MemorySegment b, long bOffset, long ldb,
                                       int p0, int kc, int j0, int cols) {
        for (int s = 0; s < cols; s += NR) {
            int base = bp0 + s * kc;
            int width = Math.min(NR, cols - s);
            if (width < NR) {
                Arrays.fill(bp, base, base + kc * NR, 0f);
            }
            for (int j = 0; j < width; j++) {
                long columnAt = bOffset + (j0 + s + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    bp[base + p * NR + j] = b.getAtIndex(JAVA_FLOAT, columnAt + p);
                }
            }
        }
    }
}
