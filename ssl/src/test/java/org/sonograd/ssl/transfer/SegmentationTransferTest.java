package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;

class SegmentationTransferTest {
    /** Dark discs ("cysts") of random centre and radius on bright speckle; the mask is the disc. */
    static TaskImages cysts(int n, int size) {
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, List.of("cyst"), List.of("background", "lesion"));
        for (int i = 0; i < n; i++) {
            KeyedDraws d = KeyedDraws.of(i, 9, 0);
            double cx = d.uniform(0.35, 0.65) * size;
            double cy = d.uniform(0.35, 0.65) * size;
            double r = d.uniform(0.15, 0.3) * size;
            float[] img = new float[size * size];
            byte[] mask = new byte[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                    img[y * size + x] = (float) ((in ? 0.15 : 0.6) + 0.25 * d.uniform());
                    mask[y * size + x] = (byte) (in ? 1 : 0);
                }
            }
            b.add(img, size, size, mask, 0, i, "cyst" + i);
        }
        return b.build();
    }

    @Test
    void decoderDiceOnTrainingImagesRisesAboveTheEmptyMaskBaseline() throws Exception {
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, List.of("model.width=4", "model.groups=2",
                "transfer.taskSteps=30", "transfer.taskBatch=6", "transfer.taskLr=0.01")));
        TaskImages data = cysts(6, 24);
        int[] all = java.util.stream.IntStream.range(0, data.count()).toArray();
        int[] truth = data.gatherMasks(all);
        int hw = data.size() * data.size();
        int[] predicted;
        try (Encoder encoder = Encoders.load("random", cfg.model(), 1)) {
            predicted = SegmentationTransfer.fitPredict(encoder, data, all, all, cfg.transfer(), 1);
        }
        double dice = 0;
        double empty = 0;
        for (int i = 0; i < data.count(); i++) {
            int[] p = java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw);
            int[] g = java.util.Arrays.copyOfRange(truth, i * hw, (i + 1) * hw);
            dice += SegmentationMetrics.dice(p, g, 1) / data.count();
            empty += SegmentationMetrics.dice(new int[hw], g, 1) / data.count();
        }
        System.out.printf("training-image lesion Dice %.3f (empty-mask baseline %.3f)%n", dice, empty);
        assertTrue(dice > empty + 0.5, "lesion Dice " + dice + " vs empty-mask " + empty);
    }
}
