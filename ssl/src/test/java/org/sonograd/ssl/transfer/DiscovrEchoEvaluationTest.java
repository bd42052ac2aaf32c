package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The k-NN anomaly score, the AUROC and the clip features of the discovr evaluation against hand-computed values. */
class DiscovrEchoEvaluationTest {
    @Test
    void aurocCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        // Positives 0.9, 0.4; negatives 0.5, 0.4, 0.1: pairs won 3 + (0 + 0.5 + 1) = 4.5 of 6.
        assertEquals(4.5 / 6, Roc.auroc(new double[] {0.9, 0.5, 0.4, 0.4, 0.1}, new boolean[] {true, false, true, false, false}), 1e-15);
    }

    @Test
    void clipFeaturesAreTheMeanAndStandardDeviationOverFrames() {
        // 1 clip, 2 frames, 2 features: frame 0 = (1, 4), frame 1 = (3, 4).
        float[] out = DiscovrEchoEvaluation.clipFeatures(new float[] {1, 4, 3, 4}, 1, 2, 2);
        assertArrayEquals(new float[] {2, 4, 1, 0}, out, 1e-6f);
    }

    @Test
    void clipWindowsAreConsecutiveFramesGapApartAtEveryStart() {
        // 2 clips of 5 frames, 2 pixels per frame: frame f of clip c = (10c + f, 100 + 10c + f).
        float[] pixels = new float[2 * 5 * 2];
        for (int c = 0; c < 2; c++) {
            for (int f = 0; f < 5; f++) {
                pixels[(c * 5 + f) * 2] = 10 * c + f;
                pixels[(c * 5 + f) * 2 + 1] = 100 + 10 * c + f;
            }
        }
        // Windows of 2 frames 2 apart: starts 0, 1, 2 (frames (0,2), (1,3), (2,4)) in each clip.
        assertEquals(3, ClipWindows.count(5, 2, 2));
        float[] expected = {
            0, 100, 2, 102, /**/ 1, 101, 3, 103, /**/ 2, 102, 4, 104,
            10, 110, 12, 112, /**/ 11, 111, 13, 113, /**/ 12, 112, 14, 114};
        assertArrayEquals(expected, ClipWindows.of(pixels, 2, 5, 2, 2, 2), 0f);
        // A window that does not fit is an error, not an empty set.
        assertThrows(IllegalArgumentException.class, () -> ClipWindows.count(5, 4, 2));
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
