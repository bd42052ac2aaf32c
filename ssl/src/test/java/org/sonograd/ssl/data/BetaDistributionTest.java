package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;

class BetaDistributionTest {
    private static final int N = 200_000;

    /** Sample mean and variance of N draws against a/(a+b) and ab/((a+b)²(a+b+1)), within 5 standard errors. */
    private static void checkMoments(double a, double b) {
        BetaDistribution beta = new BetaDistribution(a, b);
        double[] u;
        try (MemoryScope scope = MemoryScope.open()) {
            u = new RandomStream(11).uniform(DType.F64, 0, 1, 40 * N).toDoubleArray();
        }
        int[] next = {0};
        double sum = 0;
        double sq = 0;
        double fourth = 0;
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = beta.sample(() -> u[next[0]++]);
            assertTrue(x[i] >= 0 && x[i] <= 1, "draw " + x[i]);
            sum += x[i];
        }
        double mean = sum / N;
        for (double v : x) {
            sq += (v - mean) * (v - mean);
            fourth += Math.pow(v - mean, 4);
        }
        double variance = sq / (N - 1);
        // standard errors: √(var/N) for the mean, √((m4 − var²)/N) for the variance
        double seMean = Math.sqrt(variance / N);
        double seVar = Math.sqrt((fourth / N - variance * variance) / N);
        assertEquals(beta.mean(), mean, 5 * seMean, "mean of Beta(" + a + ", " + b + ")");
        assertEquals(beta.variance(), variance, 5 * seVar, "variance of Beta(" + a + ", " + b + ")");
    }

    @Test
    void beta35MatchesItsClosedFormMoments() {
        checkMoments(3, 5);
        assertEquals(0.375, new BetaDistribution(3, 5).mean(), 1e-15);
        assertEquals(15.0 / (64 * 9), new BetaDistribution(3, 5).variance(), 1e-15);
    }

    @Test
    void arcsineBetaMatchesItsClosedFormMoments() {
        checkMoments(0.5, 0.5); // shapes below 1: the Gamma(a + 1)·U^{1/a} boost
        assertEquals(0.125, new BetaDistribution(0.5, 0.5).variance(), 1e-15);
    }

    @Test
    void drawsAreKeyedBySeedAndStep() {
        BetaDistribution beta = new BetaDistribution(3, 5);
        KeyedDraws a = KeyedDraws.of(4, 0, 17);
        KeyedDraws b = KeyedDraws.of(4, 0, 17);
        KeyedDraws c = KeyedDraws.of(4, 0, 18);
        double x = beta.sample(a::uniform);
        assertEquals(x, beta.sample(b::uniform), 0.0);
        assertTrue(x != beta.sample(c::uniform));
    }
}
