package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.nn.Parameter;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;

class ClassificationTransferTest {
    /** Horizontal (class 0) or vertical (class 1) stripes of random phase and noise; 3 frames per "video". */
    static TaskImages stripes(int videos, int size) {
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, List.of("horizontal", "vertical"), null);
        for (int v = 0; v < videos; v++) {
            int label = v % 2;
            for (int f = 0; f < 3; f++) {
                KeyedDraws d = KeyedDraws.of(v, f, 0);
                double phase = d.uniform(0, 2 * Math.PI);
                double period = d.uniform(3, 6);
                float[] img = new float[size * size];
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double t = label == 0 ? y : x;
                        img[y * size + x] = (float) (0.5 + 0.4 * Math.sin(2 * Math.PI * t / period + phase) + 0.1 * d.uniform(-1, 1));
                    }
                }
                b.add(img, size, size, null, label, v, "v" + v + "#" + f);
            }
        }
        return b.build();
    }

    private static ExperimentConfig tiny() throws Exception {
        return ConfigTree.bind(ConfigTree.resolve(null, List.of("model.width=4", "model.groups=2", "transfer.seeds=1",
                "transfer.folds=3", "transfer.taskSteps=40", "transfer.taskBatch=12", "transfer.taskLr=0.01")));
    }

    @Test
    void lastStageFineTuneSeparatesStripesAndLeavesEarlierStagesUntouched() throws Exception {
        ExperimentConfig cfg = tiny();
        TaskImages data = stripes(12, 16);
        TaskResult r = ClassificationTransfer.run("stripes", "random", cfg.model(), data, cfg.transfer(), "last-stage");
        double acc = r.perSeed().get("accuracy")[0];
        assertTrue(acc >= 0.75, "accuracy " + acc + " (chance 0.5)");
        assertTrue(r.perSeed().get("AUROC")[0] >= 0.8, "AUROC " + r.perSeed().get("AUROC")[0]);
        assertTrue(r.perSeed().containsKey("group accuracy"));
        long total = 0;
        for (long[] row : r.confusion()) {
            for (long v : row) {
                total += v;
            }
        }
        assertEquals(data.count(), total, "every sample is predicted exactly once over the folds");

        try (Encoder encoder = Encoders.load("random", cfg.model(), 1)) {
            Map<String, Parameter> before = encoder.namedParameters();
            Map<String, float[]> copy = new java.util.LinkedHashMap<>();
            before.forEach((k, p) -> copy.put(k, p.tensor().toFloatArray()));
            java.util.Set<Parameter> last = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            last.addAll(encoder.lastStage().parameters());
            int[] train = java.util.stream.IntStream.range(0, data.count()).toArray();
            ClassificationTransfer.fineTune(encoder, data, train, train, cfg.transfer(), true, 1, 0);
            before.forEach((k, p) -> {
                if (last.contains(p)) {
                    assertFalse(java.util.Arrays.equals(copy.get(k), p.tensor().toFloatArray()), k + " (last stage) was not trained");
                } else {
                    assertArrayEquals(copy.get(k), p.tensor().toFloatArray(), k + " (frozen) changed");
                }
            });
        }
    }
}
