package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** The k-NN anomaly score, the AUROC, the clip features and the window poolings of the discovr evaluation against references. */
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

    @Test
    void windowPoolingsAreTheClsTheMeanPatchTokenAndBothConcatenated() {
        // 3 windows of 2 frames of 8×8 through a micro ViT with 4×4 patches and 1-frame tubelets: 8 patch tokens.
        int size = 8;
        int count = 3;
        float[] windows = new float[count * 2 * size * size];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) r.nextGaussian();
        }
        try (MemoryScope scope = MemoryScope.open(); GradMode off = GradMode.off();
             VitEncoder vit = new VitEncoder(VitEncoder.MICRO, size, 4, 1, 2, new RandomStream(5))) {
            int d = vit.features();
            Tensor tokens = vit.vit().forward(Var.constant(Tensor.of(windows, count, 1, 2, size, size))).value();
            int l = Math.toIntExact(tokens.size(1)) - 1;
            assertEquals(8, l);
            // Plain loops over the output tokens: token 0 is the CLS, tokens 1 … L the patches.
            float[] cls = new float[count * d];
            float[] mean = new float[count * d];
            float[] both = new float[count * 2 * d];
            for (int w = 0; w < count; w++) {
                for (int j = 0; j < d; j++) {
                    double sum = 0;
                    for (int k = 1; k <= l; k++) {
                        sum += tokens.getDouble(w, k, j);
                    }
                    cls[w * d + j] = (float) tokens.getDouble(w, 0, j);
                    mean[w * d + j] = (float) (sum / l);
                    both[w * 2 * d + j] = cls[w * d + j];
                    both[w * 2 * d + d + j] = mean[w * d + j];
                }
            }
            assertEquals(2 * d, WindowPooling.CLS_AND_MEAN_TOKEN.width(d));
            assertArrayEquals(cls, ClipWindows.features(vit, windows, count, size, WindowPooling.CLS), 1e-6f);
            assertArrayEquals(mean, ClipWindows.features(vit, windows, count, size, WindowPooling.MEAN_TOKEN), 1e-5f);
            float[] pooledBoth = ClipWindows.features(vit, windows, count, size, WindowPooling.CLS_AND_MEAN_TOKEN);
            assertArrayEquals(both, pooledBoth, 1e-5f);
            // The evaluation's one-pass split of the concatenated features gives each pooling's columns.
            assertArrayEquals(cls, WindowPooling.CLS.fromBoth(pooledBoth, count, d), 1e-6f);
            assertArrayEquals(mean, WindowPooling.MEAN_TOKEN.fromBoth(pooledBoth, count, d), 1e-5f);
            assertArrayEquals(pooledBoth, WindowPooling.CLS_AND_MEAN_TOKEN.fromBoth(pooledBoth, count, d), 0f);
        }
    }
}
