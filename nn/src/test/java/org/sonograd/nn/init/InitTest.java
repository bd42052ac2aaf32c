package org.sonograd.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Initialisers against their defining moments and bounds (large samples, so the tolerances are many σ wide). */
class InitTest {
    @Test
    void fansFollowTorchConventions() {
        assertEquals(3 * 7 * 7, Init.fanIn(new long[] {64, 3, 7, 7}));
        assertEquals(64 * 7 * 7, Init.fanOut(new long[] {64, 3, 7, 7}));
        assertEquals(5, Init.fanIn(new long[] {10, 5}));
        assertEquals(10, Init.fanOut(new long[] {10, 5}));
        assertEquals(3 * 3 * 3 * 3, Init.fanIn(new long[] {8, 3, 3, 3, 3}));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new long[] {10}));
        assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain(0), 0);
        assertEquals(Math.sqrt(2 / (1 + 5.0)), Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), 1e-15);
    }

    @Test
    void kaimingNormalHasStdGainOverRootFan() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor w = Tensor.empty(DType.F32, 256, 128, 3, 3);
            Init.kaimingNormal(w, new RandomStream(1), 0, FanMode.FAN_OUT, Nonlinearity.RELU);
            double[] v = w.toDoubleArray();
            assertEquals(0, mean(v), 5 * std(v) / Math.sqrt(v.length));
            assertEquals(Math.sqrt(2.0 / (256 * 9)), std(v), 0.01 * std(v));
        }
    }

    @Test
    void kaimingAndXavierUniformStayInsideTheirBoundAndFillIt() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor w = Tensor.empty(DType.F64, 200, 300);
            Init.kaimingUniform(w, new RandomStream(2), Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
            double bound = 1 / Math.sqrt(300); // torch's default Linear/Conv init: gain √(1/3) · √(3/fan_in)
            assertUniform(w.toDoubleArray(), bound);

            Init.xavierUniform(w, new RandomStream(3), 1.0);
            assertUniform(w.toDoubleArray(), Math.sqrt(6.0 / 500));

            Init.xavierNormal(w, new RandomStream(4), 2.0);
            assertEquals(2 * Math.sqrt(2.0 / 500), std(w.toDoubleArray()), 0.01 * 2 * Math.sqrt(2.0 / 500));
        }
    }

    @Test
    void truncNormalStaysInsideAndHasTheTruncatedMoments() {
        double mean = 0.5;
        double std = 0.4;
        double a = 0;
        double b = 1.5;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor w = Tensor.empty(DType.F64, 400, 500);
            Init.truncNormal(w, new RandomStream(5), mean, std, a, b);
            double[] v = w.toDoubleArray();
            assertTrue(Arrays.stream(v).allMatch(x -> x >= a && x <= b));
            // Reference moments by Simpson integration of the normal density over [a, b].
            double[] m = truncatedMoments(mean, std, a, b);
            assertEquals(m[0], mean(v), 5 * Math.sqrt(m[1] / v.length));
            assertEquals(Math.sqrt(m[1]), std(v), 0.01 * Math.sqrt(m[1]));
            assertTrue(Arrays.stream(v).min().getAsDouble() < a + 0.01 && Arrays.stream(v).max().getAsDouble() > b - 0.01);
        }
    }

    @Test
    void normalCdfAndItsInverseAreAccurate() {
        assertEquals(0.975, Init.standardNormalCdf(1.959963984540054), 2e-7);
        assertEquals(0.5, Init.standardNormalCdf(0), 0.5 * 1.2e-7);
        assertEquals(1.959963984540054, Init.inverseStandardNormalCdf(0.975), 1e-8);
        assertEquals(-3.090232306167813, Init.inverseStandardNormalCdf(0.001), 1e-8);
        for (double x = -4; x <= 4; x += 0.25) {
            // Φ's relative error 1.2e-7 on min(Φ, 1 − Φ), divided by the density, stays below 1e-6 in x here.
            assertEquals(x, Init.inverseStandardNormalCdf(Init.standardNormalCdf(x)), 1e-6);
        }
    }

    @Test
    void initialisationIsAFunctionOfTheSeed() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.empty(DType.F32, 16, 8);
            Tensor b = Tensor.empty(DType.F32, 16, 8);
            Init.truncNormal(a, new RandomStream(11), 0, 0.02, -0.04, 0.04);
            Init.truncNormal(b, new RandomStream(11), 0, 0.02, -0.04, 0.04);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            Init.truncNormal(b, new RandomStream(12), 0, 0.02, -0.04, 0.04);
            assertFalse(Arrays.equals(a.toFloatArray(), b.toFloatArray()));
            Init.constant(b, 0.25);
            assertTrue(Arrays.stream(b.toDoubleArray()).allMatch(x -> x == 0.25));
        }
    }

    private static void assertUniform(double[] v, double bound) {
        assertTrue(Arrays.stream(v).allMatch(x -> Math.abs(x) <= bound), "inside ±" + bound);
        assertTrue(Arrays.stream(v).map(Math::abs).max().getAsDouble() > 0.999 * bound, "reaches the bound");
        assertEquals(bound / Math.sqrt(3), std(v), 0.01 * bound / Math.sqrt(3));
    }

    /** {mean, variance} of N(μ, σ²) restricted to [a, b], by Simpson's rule with 20000 intervals. */
    private static double[] truncatedMoments(double mu, double sigma, double a, double b) {
        int n = 20000;
        double h = (b - a) / n;
        double z = 0;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i <= n; i++) {
            double x = a + i * h;
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double p = w * Math.exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma));
            z += p;
            m1 += p * x;
            m2 += p * x * x;
        }
        double mean = m1 / z;
        return new double[] {mean, m2 / z - mean * mean};
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }
}
