package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hand-computed 2×2 cases: S = [.1, .2, .3, .4], G = F = a single fixation. */
class SaliencyMetricsTest {
    private static final float[] S = {0.1f, 0.2f, 0.3f, 0.4f};
    private static final float[] G = {0, 0, 0, 1};

    @Test
    void klDivergence() {
        // only the fixated pixel has mass: 1·log(ε + 1/(0.4 + ε))
        assertEquals(Math.log(2.5), SaliencyMetrics.kl(S, G), 1e-6);
        assertEquals(0.0, SaliencyMetrics.kl(S, S), 1e-7);
    }

    @Test
    void correlationCoefficient() {
        // Σ(s−s̄)(g−ḡ) = 0.15, Σ(s−s̄)² = 0.05, Σ(g−ḡ)² = 0.75
        assertEquals(0.15 / Math.sqrt(0.05 * 0.75), SaliencyMetrics.cc(S, G), 1e-6);
    }

    @Test
    void normalisedScanpathSaliency() {
        // (0.4 − 0.25)/std, std = √(0.05/3) (n − 1)
        assertEquals(0.15 / Math.sqrt(0.05 / 3), SaliencyMetrics.nss(S, G), 1e-5);
    }

    @Test
    void similarity() {
        // S → [0, 1/3, 2/3, 1] → /2 → [0, 1/6, 1/3, 1/2]; G → [0, 0, 0, 1]; Σ min = 1/2
        assertEquals(0.5, SaliencyMetrics.sim(S, G), 1e-6);
    }

    @Test
    void aucJudd() {
        // fixation on the pixel of scaled value 2/3: 2 pixels ≥ it, TP 1, FP (2 − 1)/3
        // curve (0,0) (1/3,1) (1,1): area 1/6 + 2/3
        assertEquals(1.0 / 6 + 2.0 / 3, SaliencyMetrics.aucJudd(S, new float[] {0, 0, 1, 0}), 1e-9);
        assertEquals(1.0, SaliencyMetrics.aucJudd(S, G), 1e-9);
    }

    @Test
    void aucBorjiIsChanceForAFlatMapAndNearItsExpectationOtherwise() {
        assertEquals(0.5, SaliencyMetrics.aucBorji(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, G, 10, 0.1, 1), 1e-12);
        // S = [0,0,0,1], one fixation on the 1: area 1 − f/2 with f = 1 when the random pixel is the
        // fixated one (probability 1/4), so the expectation is 0.875
        double auc = SaliencyMetrics.aucBorji(new float[] {0, 0, 0, 1}, G, 2000, 0.1, 1);
        assertEquals(0.875, auc, 0.02);
    }
}
