package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fused attention against a textbook loop (scores, masked softmax, weighted sum of values), and its
 * backward against the textbook gradient, which is itself checked by central differences.
 */
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
    /**
     * The textbook gradient of L = Σ G ⊙ O with respect to Q, K and V, from the definition
     * O_i = Σ_j P_ij V_j, P_ij = softmax_j(s Q_i·K_j): ∂V_j = Σ_i P_ij G_i,
     * ∂Q_i = s Σ_j P_ij (G_i·V_j − Σ_l P_il G_i·V_l) K_j, ∂K_j likewise with Q_i.
     */
    private static double[][] textbookGradients(double[] q, double[] k, double[] v, double[] g, boolean[] keep,
                                                int batches, int heads, int t, int dh, double scale) {
        double[][] grads = new double[3][q.length];
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
                double[] gv = new double[t];
                double mean = 0;
                for (int j = 0; j < t; j++) {
                    weights[j] /= z;
                    for (int c = 0; c < dh; c++) {
                        gv[j] += g[base + i * dh + c] * v[base + j * dh + c];
                        grads[2][base + j * dh + c] += weights[j] * g[base + i * dh + c];
                    }
                    mean += weights[j] * gv[j];
                }
                for (int j = 0; j < t; j++) {
                    double ds = weights[j] * (gv[j] - mean) * scale;
                    for (int c = 0; c < dh; c++) {
                        grads[0][base + i * dh + c] += ds * k[base + j * dh + c];
                        grads[1][base + j * dh + c] += ds * q[base + i * dh + c];
                    }
                }
            }
        }
        return grads;
    }

    private static double[] gaussians(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static boolean[] someKept(Random r, int b, int t) {
        boolean[] keep = new boolean[b * t];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i % t == 0 || r.nextInt(3) > 0;
        }
        return keep;
    }

    @Test
    void textbookGradientsMatchCentralDifferences() {
        Random r = new Random(11);
        int batches = 2;
        int heads = 2;
        int t = 5;
        int dh = 3;
        int n = batches * t * dh;
        double[][] x = {gaussians(r, n), gaussians(r, n), gaussians(r, n)};
        double[] g = gaussians(r, n);
        boolean[] keep = someKept(r, batches / heads, t);
        double scale = 0.6;
        double[][] analytic = textbookGradients(x[0], x[1], x[2], g, keep, batches, heads, t, dh, scale);
        double h = 1e-6;
        for (int which = 0; which < 3; which++) {
            for (int e = 0; e < n; e++) {
                double saved = x[which][e];
                x[which][e] = saved + h;
                double up = dot(g, textbook(x[0], x[1], x[2], keep, batches, heads, t, dh, scale));
                x[which][e] = saved - h;
                double down = dot(g, textbook(x[0], x[1], x[2], keep, batches, heads, t, dh, scale));
                x[which][e] = saved;
                double numeric = (up - down) / (2 * h);
                assertTrue(Math.abs(numeric - analytic[which][e]) < 1e-7 * (1 + Math.abs(numeric)),
                        "input " + which + " element " + e + ": numeric " + numeric + ", analytic " + analytic[which][e]);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"F32, 2, 3, 70, 24, true", "F32, 1, 1, 5, 3, false", "F32, 2, 2, 131, 16, true", "F64, 2, 2, 9, 4, true"})
    void backwardMatchesTheTextbookGradient(DType dtype, int b, int heads, int t, int dh, boolean masked) {
        Random r = new Random(b * 1000 + t);
        int batches = b * heads;
        int n = batches * t * dh;
        double[][] x = {gaussians(r, n), gaussians(r, n), gaussians(r, n)};
        double[] g = gaussians(r, n);
        boolean[] keep = masked ? someKept(r, b, t) : null;
        double scale = 1 / Math.sqrt(dh);
        double[][] ref = textbookGradients(x[0], x[1], x[2], g, keep, batches, heads, t, dh, scale);
        double[][] got = runBackward(dtype, x, g, keep, batches, heads, t, dh, scale);
        for (int which = 0; which < 3; which++) {
            double err = 0;
            double max = 0;
            for (int i = 0; i < n; i++) {
                err = Math.max(err, Math.abs(got[which][i] - ref[which][i]));
                max = Math.max(max, Math.abs(ref[which][i]));
            }
            assertTrue(err / max < (dtype == DType.F32 ? 1e-5 : 1e-12), "input " + which + ": relative error " + err / max);
        }
    }

    @Test
    void backwardBitsDoNotDependOnTheThreadCount() {
        Random r = new Random(3);
        int batches = 4;
        int n = batches * 100 * 8;
        double[][] x = {gaussians(r, n), gaussians(r, n), gaussians(r, n)};
        double[] g = gaussians(r, n);
        boolean[] keep = someKept(r, 2, 100);
        int before = Parallel.maxThreads();
        try {
            Parallel.setMaxThreads(1);
            double[][] one = runBackward(DType.F32, x, g, keep, batches, 2, 100, 8, 0.3);
            Parallel.setMaxThreads(Parallel.threads());
            double[][] all = runBackward(DType.F32, x, g, keep, batches, 2, 100, 8, 0.3);
            for (int which = 0; which < 3; which++) {
                assertArrayEquals(one[which], all[which]);
            }
        } finally {
            Parallel.setMaxThreads(before);
        }
    }

    /** Runs the forward, then the backward kernel, and returns ∂Q, ∂K, ∂V. */
    private static double[][] runBackward(DType dtype, double[][] x, double[] g, boolean[] keep, int batches, int heads,
                                          int t, int dh, double scale) {
        int n = batches * t * dh;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] in = new MemorySegment[3];
            for (int which = 0; which < 3; which++) {
                in[which] = segment(arena, dtype, x[which]);
            }
            MemorySegment grad = segment(arena, dtype, g);
            MemorySegment mask = null;
            if (keep != null) {
                mask = arena.allocate(keep.length);
                for (int i = 0; i < keep.length; i++) {
                    mask.set(Elements.BYTE, i, (byte) (keep[i] ? 1 : 0));
                }
            }
            MemorySegment out = arena.allocate((long) n * dtype.byteSize(), 64);
            AttentionKernels.forward(dtype, batches, heads, t, dh, scale, in[0], in[1], in[2], mask, out);
            MemorySegment[] grads = new MemorySegment[3];
            for (int which = 0; which < 3; which++) {
                grads[which] = arena.allocate((long) n * dtype.byteSize(), 64);
            }
            AttentionKernels.backward(dtype, batches, heads, t, dh, scale, in[0], in[1], in[2], mask, out, grad,
                    grads[0], grads[1], grads[2]);
            double[][] result = new double[3][n];
            for (int which = 0; which < 3; which++) {
                for (int i = 0; i < n; i++) {
                    result[which][i] = Elements.readDouble(grads[which], dtype, i);
                }
            }
            return result;
        }
    }

    private static MemorySegment segment(Arena arena, DType dtype, double[] values) {
        MemorySegment s = arena.allocate((long) values.length * dtype.byteSize(), 64);
        for (int i = 0; i < values.length; i++) {
            Elements.writeDouble(s, dtype, i, values[i]);
        }
        return s;
    }
}
