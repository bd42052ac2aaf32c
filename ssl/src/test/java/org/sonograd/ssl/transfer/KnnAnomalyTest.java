package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KnnAnomalyTest {
    @Test
    void scoreIsOneMinusTheSoftmaxWeightedSimilarityOfTheKNearest() {
        double r = Math.sqrt(0.5);
        float[] bank = {1, 0, (float) r, (float) r, -1, 0};
        float[] query = {1, 0};
        double t = 0.07;
        // k = 2 keeps s = 1 and s = √½; the third (s = −1) is not a neighbour
        double w1 = Math.exp(1 / t);
        double w2 = Math.exp(r / t);
        double expected = 1 - (w1 * 1 + w2 * r) / (w1 + w2);
        assertEquals(expected, KnnAnomaly.scores(query, bank, 2, 2, t)[0], 1e-6);
        // with k = 1 only the nearest counts
        assertEquals(0, KnnAnomaly.scores(query, bank, 2, 1, t)[0], 1e-6);
        // a query opposite to most of the bank scores higher
        assertTrue(KnnAnomaly.scores(new float[] {0, -1}, bank, 2, 2, t)[0] > KnnAnomaly.scores(query, bank, 2, 2, t)[0]);
    }

    @Test
    void normaliseGivesUnitRows() {
        float[] x = KnnAnomaly.normalise(new float[] {3, 4, 0, 0}, 2);
        assertEquals(0.6f, x[0], 1e-7);
        assertEquals(0.8f, x[1], 1e-7);
        assertEquals(0f, x[2]);
    }

    @Test
    void thresholdMaximisesValidationBalancedAccuracy() {
        double[] s = {0.1, 0.2, 0.3, 0.6, 0.7, 0.25};
        boolean[] abnormal = {false, false, false, true, true, true};
        // ≥ 0.25 flags 0.3 (normal) too: balanced (1 + 2/3)/2; ≥ 0.6: (2/3 + 1)/2 — equal; the lower wins (first found)
        double th = EchoAnomaly.bestThreshold(s, abnormal);
        assertEquals(0.25, th, 1e-12);
        assertEquals(0.2, EchoAnomaly.bestThreshold(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, true, true}), 1e-12);
    }
}
