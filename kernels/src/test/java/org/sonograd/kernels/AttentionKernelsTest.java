package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fused attention against a textbook loop: scores, masked softmax, weighted sum of values. */
class AttentionKernelsTest {

    private static double[] textbook(double[] q, double[] k, double[] v, boolean[] keep, int batches, int heads, int t,
                                     int dh, double scale) {
        double[] out = new double[q.length];
        for (int p = 0; p < batches; p++) {
            int base = p * t * dh;
            for (int i = 0; i < t; i++) {
                double[] weights = new double[t];
                double z = 0;
                for (int j = 0; j < t; j++) {
                    if (keep != null && !keep[(p / heads) * t + j]) {
                        continue;
                    }
                    double s = 0;
                    for (int c = 0; c < dh; c++) {
                        s += q[base + i * dh + c] * k[base + j * dh + c];
                    }
                    weights[j] = Math.exp(s * scale);
                    z += weights[j];
                }
                for (int c = 0; c < dh; c++) {
                    for (int j = 0; j < t; j++) {
                        out[base + i * dh + c] += weights[j] / z * v[base + j * dh + c];
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"F32, 2, 3, 70, 24, true", "F32, 1, 1, 5, 3, false", "F32, 4, 2, 131, 16, true", "F64, 2, 2, 9, 4, true"})
    void matchesTheTextbookLoop(DType dtype, int b, int heads, int t, int dh, boolean masked) {
        Random r = new Random(b * 100 + t);
        int batches = b * heads;
        int n = batches * t * dh;
        double[][] qkv = new double[3][n];
        for (double[] x : qkv) {
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
        }
        boolean[] keep = null;
        if (masked) {
            keep = new boolean[b * t];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = i % t == 0 || r.nextInt(3) > 0;
            }
        }
        double scale = 1 / Math.sqrt(dh);
        double[] ref = textbook(qkv[0], qkv[1], qkv[2], keep, batches, heads, t, dh, scale);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] seg = new MemorySegment[3];
            for (int x = 0; x < 3; x++) {
                seg[x] = arena.allocate((long) n * dtype.byteSize(), 64);
                for (int i = 0; i < n; i++) {
                    Elements.writeDouble(seg[x], dtype, i, qkv[x][i]);
                }
            }
            MemorySegment mask = null;
            if (keep != null) {
                mask = arena.allocate(keep.length);
                for (int i = 0; i < keep.length; i++) {
                    mask.set(Elements.BYTE, i, (byte) (keep[i] ? 1 : 0));
                }
            }
            MemorySegment out = arena.allocate((long) n * dtype.byteSize(), 64);
            AttentionKernels.forward(dtype, batches, heads, t, dh, scale, seg[0], seg[1], seg[2], mask, out);
            double err = 0;
            double max = 0;
            for (int i = 0; i < n; i++) {
                err = Math.max(err, Math.abs(Elements.readDouble(out, dtype, i) - ref[i]));
                max = Math.max(max, Math.abs(ref[i]));
            }
            assertTrue(err / max < (dtype == DType.F32 ? 1e-5 : 1e-12), "relative error " + err / max);
        }
    }
}
