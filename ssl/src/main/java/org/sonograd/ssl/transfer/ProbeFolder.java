package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;

/**
 * Linear probing on any labelled folder ({@link FolderImages}): frozen encoder, batch-norm statistics
 * re-estimated on the training files ({@link BatchNormRecalibration}), {@link LinearProbe} on its pooled features. Seed s tests fold (s − 1) mod k of a stratified k-fold split by file
 * ({@link GroupFolds}, keyed by {@code transfer.dataSeed}), trains on the others. Accuracy and macro-F1.
 */
public final class ProbeFolder {
    private ProbeFolder() {}

    /** Probes {@code encoderSource} over {@code t.seeds()} seeds. */
    public static TaskResult run(String encoderSource, ExperimentConfig.ModelConfig model, TaskImages data,
                                 ExperimentConfig.TransferConfig t) throws IOException {
        long start = System.nanoTime();
        int k = data.classes().size();
        int[] folds = GroupFolds.assign(data.groups(), data.labels(), t.folds(), t.dataSeed());
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        long[][] confusion = new long[k][k];
        for (int seed = 1; seed <= t.seeds(); seed++) {
            int fold = (seed - 1) % t.folds();
            int[] train = GroupFolds.select(folds, fold, false);
            int[] test = GroupFolds.select(folds, fold, true);
            int[] predicted;
            try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                BatchNormRecalibration.run(encoder, data.gather(train), train.length, data.size());
                float[] trainF = Features.of(encoder, data.gather(train), train.length, data.size());
                float[] testF = Features.of(encoder, data.gather(test), test.length, data.size());
                predicted = LinearProbe.fitPredict(trainF, data.labelsOf(train), testF, encoder.features(), k, t.probeSteps(),
                        t.probeLr(), seed);
            }
            ClassificationMetrics m = ClassificationMetrics.of(data.labelsOf(test), predicted, k);
            SegmentationTransfer.put(perSeed, "accuracy", seed, t.seeds(), m.accuracy());
            SegmentationTransfer.put(perSeed, "macro-F1", seed, t.seeds(), m.macroF1());
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < k; j++) {
                    confusion[c][j] += m.confusion()[c][j];
                }
            }
        }
        String desc = String.format("%d samples %d² in %d files, %d classes, fold (seed−1) mod %d by file", data.count(),
                data.size(), java.util.Arrays.stream(data.groups()).distinct().count(), k, t.folds());
        return new TaskResult("probe", encoderSource, "probe", desc, perSeed, Map.of(), List.of(), confusion, data.classes(),
                (System.nanoTime() - start) / 1e9);
    }
}
