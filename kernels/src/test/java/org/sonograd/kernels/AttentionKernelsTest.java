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

    /** softmax_j(s Q_i·K_j) over the kept keys of (batch, head) pair p; dropped keys weigh 0. */
    private static double[] textbookWeights(double[] q, double[] k, boolean[] keep, int p, int heads, int i, int t,
                                            int dh, double scale) {
        int base = p * t * dh;
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
        for (int j = 0; j < t; j++) {
            weights[j] /= z;
        }
        return weights;
    }

    private static double[] textbook(double[] q, double[] k, double[] v, boolean[] keep, int batches, int heads, int t,
                                     int dh, double scale) {
        double[] out = new double[q.length];
        for (int p = 0; p < batches; p++) {
            int base = p * t * dh;
            for (int i = 0; i < t; i++) {
                double[] weights = textbookWeights(q, k, keep, p, heads, i, t, dh, scale);
                for (int c = 0; c < dh; c++) {
                    for (int j = 0; j < t; j++) {
                        out[base + i * dh + c] += weights[j] * v[base + j * dh + c];
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
        double[][] qkv = {gaussians(r, n), gaussians(r, n), gaussians(r, n)};
        boolean[] keep = masked ? someKept(r, b, t) : null;
        double scale = 1 / Math.sqrt(dh);
        double[] ref = textbook(qkv[0], qkv[1], qkv[2], keep, batches, heads, t, dh, scale);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate((long) n * dtype.byteSize(), 64);
            AttentionKernels.forward(dtype, batches, heads, t, dh, scale, segment(arena, dtype, qkv[0]),
                    segment(arena, dtype, qkv[1]), segment(arena, dtype, qkv[2]), mask(arena, keep), out);
            assertClose(dtype, ref, out, "output");
        }
    }

    private static void assertClose(DType dtype, double[] ref, MemorySegment got, String what) {
        double err = 0;
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            err = Math.max(err, Math.abs(Elements.readDouble(got, dtype, i) - ref[i]));
            max = Math.max(max, Math.abs(ref[i]));
        }
        assertTrue(err / max < (dtype == DType.F32 ? 1e-5 : 1e-12), what + ": relative error " + err / max);
    }

    private static MemorySegment mask(Arena arena, boolean[] keep) {
        if (keep == null) {
            return null;
        }
        MemorySegment mask = arena.allocate(keep.length);
        for (int i = 0; i < keep.length; i++) {
            mask.set(Elements.BYTE, i, (byte) (keep[i] ? 1 : 0));
        }
        return mask;
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
                double[] weights = textbookWeights(q, k, keep, p, heads, i, t, dh, scale);
                double[] gv = new double[t];
                double mean = 0;
                for (int j = 0; j < t; j++) {
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
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] got = backward(arena, dtype, x, g, keep, batches, heads, t, dh, scale);
            for (int which = 0; which < 3; which++) {
                assertClose(dtype, ref[which], got[which], "input " + which);
            }
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

    private static double[][] runBackward(DType dtype, double[][] x, double[] g, boolean[] keep, int batches,
                                          int heads, int t, int dh, double scale) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] grads = backward(arena, dtype, x, g, keep, batches, heads, t, dh, scale);
            double[][] result = new double[3][g.length];
            for (int which = 0; which < 3; which++) {
                for (int i = 0; i < g.length; i++) {
                    result[which][i] = Elements.readDouble(grads[which], dtype, i);
                }
            }
            return result;
        }
    }

    /** Runs the forward, then the backward kernel, and returns ∂Q, ∂K, ∂V. */
    private static MemorySegment[] backward(Arena arena, DType dtype, double[][] x, double[] g, boolean[] keep,
                                            int batches, int heads, int t, int dh, double scale) {
        long bytes = (long) g.length * dtype.byteSize();
        MemorySegment q = segment(arena, dtype, x[0]);
        MemorySegment k = segment(arena, dtype, x[1]);
        MemorySegment v = segment(arena, dtype, x[2]);
        MemorySegment mask = mask(arena, keep);
        MemorySegment out = arena.allocate(bytes, 64);
        AttentionKernels.forward(dtype, batches, heads, t, dh, scale, q, k, v, mask, out);
        MemorySegment[] grads = {arena.allocate(bytes, 64), arena.allocate(bytes, 64), arena.allocate(bytes, 64)};
        AttentionKernels.backward(dtype, batches, heads, t, dh, scale, q, k, v, mask, out, segment(arena, dtype, g),
                grads[0], grads[1], grads[2]);
        return grads;
    }

    private static MemorySegment segment(Arena arena, DType dtype, double[] values) {
        MemorySegment s = arena.allocate((long) values.length * dtype.byteSize(), 64);
        for (int i = 0; i < values.length; i++) {
            Elements.writeDouble(s, dtype, i, values[i]);
        }
        return s;
    }
}
