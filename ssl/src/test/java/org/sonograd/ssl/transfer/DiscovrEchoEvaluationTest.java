package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The k-NN anomaly score, the AUROC and the clip features of the discovr evaluation against hand-computed values. */
class DiscovrEchoEvaluationTest {
    @Test
    void aurocCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        // Positives 0.9, 0.4; negatives 0.5, 0.4, 0.1: pairs won 3 + (0 + 0.5 + 1) = 4.5 of 6.
        assertEquals(4.5 / 6, DiscovrEchoEvaluation.auroc(new double[] {0.9, 0.5, 0.4, 0.4, 0.1}, new int[] {1, 0, 1, 0, 0}), 1e-15);
    }

    @Test
    void clipFeaturesAreTheMeanAndStandardDeviationOverFrames() {
        // 1 clip, 2 frames, 2 features: frame 0 = (1, 4), frame 1 = (3, 4).
        float[] out = DiscovrEchoEvaluation.clipFeatures(new float[] {1, 4, 3, 4}, 1, 2, 2);
        assertArrayEquals(new float[] {2, 4, 1, 0}, out, 1e-6f);
    }

    @Test
    void knnAnomalyScoreSeparatesClipsFarFromTheNormalBank() {
        // Normal clips point along x, abnormal ones along y; the bank is the normal training clips.
        float[] features = {1, 0.1f, 1, -0.1f, 1, 0, 0.2f, 1, 1, 0.05f, 0.1f, 1, -0.1f, 1};
        int[] abnormal = {0, 0, 0, 1, 0, 1, 1};
        double auc = DiscovrEchoEvaluation.knnAuroc(features, 2, abnormal, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6});
        assertEquals(1.0, auc, 1e-15);
        // Swapping the roles (abnormal clips near the bank) inverts the ranking.
        int[] swapped = {0, 0, 0, 1, 1, 0, 0};
        assertEquals(0.0, DiscovrEchoEvaluation.knnAuroc(features, 2, swapped, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6}), 1e-15);
    }
}
