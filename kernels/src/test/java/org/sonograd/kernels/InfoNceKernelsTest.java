package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The fused InfoNCE kernel against the independent {@link InfoNceLoops}, at awkward sizes. */
class InfoNceKernelsTest {

    private record Problem(int n, int m, int d, double[] a, double[] b, long[] pos, double[] pairWeights, double[] w) {}

    private static Problem problem(int n, int m, int d, boolean weighted, long seed) {
        Random r = new Random(seed);
        double[] a = gaussian(r, n * d, 0.4);
        double[] b = gaussian(r, m * d, 0.4);
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            pos[i] = (i + n / 2 + 1) % m;
        }
        double[] pw = null;
        double[] w = null;
        if (weighted) {
            pw = new double[n * m];
            for (int x = 0; x < pw.length; x++) {
                pw[x] = r.nextInt(5) == 0 ? 0 : r.nextDouble();
            }
            w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.nextDouble();
            }
        }
        return new Problem(n, m, d, a, b, pos, pw, w);
    }

    private static double[] gaussian(Random r, int n, double std) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * std;
        }
        return x;
    }

    private static MemorySegment segment(Arena arena, DType t, double[] values) {
        if (values == null) {
            return null;
        }
        MemorySegment s = arena.allocate((long) Math.max(1, values.length) * t.byteSize(), 64);
        for (int i = 0; i < values.length; i++) {
            Elements.writeDouble(s, t, i, values[i]);
        }
        return s;
    }

    private static double[] read(MemorySegment s, DType t, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Elements.readDouble(s, t, i);
        }
        return out;
    }

    /** max |x − ref| / max |ref|. */
    private static double relativeError(double[] x, double[] ref) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            err = Math.max(err, Math.abs(x[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return err / Math.max(scale, 1e-30);
    }

    private static double[][] run(DType t, Problem p, double tau, boolean excludeSelf, boolean backward) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment losses = arena.allocate((long) p.n * t.byteSize() + 8, 64);
            MemorySegment gA = backward ? arena.allocate((long) p.n * p.d * t.byteSize() + 8, 64) : null;
            MemorySegment gB = backward ? arena.allocate((long) p.m * p.d * t.byteSize(), 64) : null;
            InfoNceKernels.lossAndGradients(t, p.n, p.m, p.d, tau, excludeSelf, segment(arena, t, p.a), segment(arena, t, p.b),
                    p.pos, segment(arena, t, p.pairWeights), segment(arena, t, p.w), losses, gA, gB);
            return new double[][] {read(losses, t, p.n), backward ? read(gA, t, p.n * p.d) : null,
                    backward ? read(gB, t, p.m * p.d) : null};
        }
    }

    @ParameterizedTest
    @CsvSource({
        "F32, 37, 53, 19, false, false, 0.5",
        "F32, 37, 37, 19, true, false, 0.07",
        "F32, 300, 300, 24, true, true, 0.2",
        "F32, 600, 70, 17, false, true, 0.5",
        "F64, 13, 11, 5, true, true, 0.3",
        "F64, 9, 9, 4, false, false, 1.0",
    })
    void matchesThePlainLoops(DType t, int n, int m, int d, boolean excludeSelf, boolean weighted, double tau) {
        Problem p = problem(n, m, d, weighted, n * 31L + m);
        InfoNceLoops ref = new InfoNceLoops(n, m, d, tau, excludeSelf, p.a, p.b, p.pos, p.pairWeights, p.w);
        double[][] got = run(t, p, tau, excludeSelf, true);
        double tol = t == DType.F32 ? 2e-5 : 1e-12;
        assertTrue(relativeError(got[0], ref.losses) < tol, "losses " + relativeError(got[0], ref.losses));
        assertTrue(relativeError(got[1], ref.gradA) < tol * 5, "gradA " + relativeError(got[1], ref.gradA));
        assertTrue(relativeError(got[2], ref.gradB) < tol * 5, "gradB " + relativeError(got[2], ref.gradB));
        double[][] forwardOnly = run(t, p, tau, excludeSelf, false);
        assertArrayEquals(got[0], forwardOnly[0], "the forward-only losses equal the fused ones");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Problem p = problem(400, 350, 16, true, 5);
        int before = Parallel.maxThreads();
        try {
            Parallel.setMaxThreads(1);
            double[][] one = run(DType.F32, p, 0.1, true, true);
            Parallel.setMaxThreads(Parallel.threads());
            double[][] all = run(DType.F32, p, 0.1, true, true);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(one[k], all[k]);
            }
        } finally {
            Parallel.setMaxThreads(before);
        }
    }

    @Test
    void rejectsAPositiveOutOfRange() {
        Problem p = problem(4, 4, 3, false, 1);
        p.pos[2] = 4;
        assertThrows(IndexOutOfBoundsException.class, () -> run(DType.F32, p, 0.5, false, false));
    }

    @Test
    void largeLogitsStayFiniteAndAgreeWithTheF64Loops() {
        // Logits up to ~±300 would overflow e^s without the max shift; F32 fused and F64 plain loops must agree.
        Problem p = problem(20, 20, 8, true, 3);
        for (int i = 0; i < p.a.length; i++) {
            p.a[i] *= 30;
        }
        double[][] f32 = run(DType.F32, p, 0.05, true, true);
        double[][] f64 = run(DType.F64, p, 0.05, true, true);
        for (int k = 0; k < 3; k++) {
            for (double x : f64[k]) {
                assertTrue(Double.isFinite(x), "F64 result finite");
            }
            assertTrue(relativeError(f32[k], f64[k]) < 1e-4, "output " + k + ": " + relativeError(f32[k], f64[k]));
        }
    }
}
