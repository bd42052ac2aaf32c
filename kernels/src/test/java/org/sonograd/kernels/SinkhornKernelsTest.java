package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fused Sinkhorn–Knopp kernel against the literal SwAV loops ({@link SinkhornLoops}). */
class SinkhornKernelsTest {

    private static double[] cosineLikeScores(int b, int k, long seed) {
        Random r = new Random(seed);
        double[] s = new double[b * k];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.tanh(r.nextGaussian());
        }
        return s;
    }

    private static double[] run(DType t, double[] scores, int b, int k, double eps, int iterations) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment in = arena.allocate((long) scores.length * t.byteSize(), 64);
            MemorySegment out = arena.allocate((long) scores.length * t.byteSize(), 64);
            for (int i = 0; i < scores.length; i++) {
                Elements.writeDouble(in, t, i, scores[i]);
            }
            SinkhornKernels.assign(t, b, k, eps, iterations, in, out);
            double[] q = new double[scores.length];
            for (int i = 0; i < q.length; i++) {
                q[i] = Elements.readDouble(out, t, i);
            }
            return q;
        }
    }

    private static double maxRelativeError(double[] x, double[] ref) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            err = Math.max(err, Math.abs(x[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return err / scale;
    }

    @ParameterizedTest
    @CsvSource({
        "F32, 37, 29, 0.05, 3",
        "F32, 600, 77, 0.05, 10",
        "F32, 257, 300, 0.1, 1",
        "F64, 23, 17, 0.05, 10",
        "F64, 5, 40, 0.5, 2",
    })
    void matchesTheSwavLoops(DType t, int b, int k, double eps, int iterations) {
        double[] scores = cosineLikeScores(b, k, b * 7L + k);
        double[] ref = SinkhornLoops.assign(scores, b, k, eps, iterations);
        double[] got = run(t, scores, b, k, eps, iterations);
        double tol = t == DType.F32 ? 2e-5 : 1e-12;
        assertTrue(maxRelativeError(got, ref) < tol, "relative error " + maxRelativeError(got, ref));
        for (int r = 0; r < b; r++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += got[r * k + j];
            }
            assertEquals(1.0, sum, t == DType.F32 ? 1e-4 : 1e-12, "row " + r + " sums to 1");
        }
    }

    @Test
    void stableForScoresFarBeyondTheExponentRange() {
        // Scores of ±1000 at ε = 0.05 put exp(S/ε) at e^20000; the kernel still balances them.
        int b = 40;
        int k = 8;
        double[] scores = cosineLikeScores(b, k, 11);
        double[] shifted = scores.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = scores[i] + 1000;
        }
        double[] ref = SinkhornLoops.assign(scores, b, k, 0.05, 5);
        double[] got = run(DType.F64, shifted, b, k, 0.05, 5);
        assertTrue(maxRelativeError(got, ref) < 1e-9, "a constant shift changes nothing");
        double[] got32 = run(DType.F32, shifted, b, k, 0.05, 5);
        assertTrue(maxRelativeError(got32, ref) < 1e-2, "F32 with scores near 1000 (ulp 6e-5 times 1/ε)");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        double[] scores = cosineLikeScores(1000, 64, 3);
        int before = Parallel.maxThreads();
        try {
            Parallel.setMaxThreads(1);
            double[] one = run(DType.F32, scores, 1000, 64, 0.05, 4);
            Parallel.setMaxThreads(Parallel.threads());
            assertArrayEquals(one, run(DType.F32, scores, 1000, 64, 0.05, 4));
        } finally {
            Parallel.setMaxThreads(before);
        }
    }
}
