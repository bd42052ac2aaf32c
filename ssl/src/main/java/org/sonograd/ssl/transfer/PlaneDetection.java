package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;

/**
 * Standard-plane detection transfer: for each seed, a linear probe on frozen features and a
 * fine-tune of the encoder, both evaluated on the held-out clips; reported as mean ± std over seeds.
 * The seed keys the encoder's initialisation when the source is {@code random}, the probe's and the
 * head's initialisation and the fine-tuning minibatches.
 */
public final class PlaneDetection {
    private PlaneDetection() {}

    /** The per-seed metrics of one protocol and their summary. */
    public record Protocol(List<ClassificationMetrics> perSeed, MeanStd accuracy, MeanStd macroF1) {
        static Protocol of(List<ClassificationMetrics> perSeed) {
            return new Protocol(perSeed, MeanStd.of(perSeed.stream().mapToDouble(ClassificationMetrics::accuracy).toArray()),
                    MeanStd.of(perSeed.stream().mapToDouble(ClassificationMetrics::macroF1).toArray()));
        }
    }

    /** Probe and fine-tune results of one encoder source. */
    public record Result(String encoder, Protocol probe, Protocol fineTune, int trainFrames, int testFrames) {}

    /** Runs both protocols for {@code seeds} seeds (fine-tuning skipped when {@code fineTuneSteps} is 0). */
    public static Result run(String encoderSource, ExperimentConfig.ModelConfig model, PlaneFrames data,
                             ExperimentConfig.TransferConfig t) throws IOException {
        int[] train = data.train();
        int[] test = data.test();
        int[] testLabels = data.labelsOf(test);
        List<ClassificationMetrics> probe = new ArrayList<>();
        List<ClassificationMetrics> fine = new ArrayList<>();
        for (int seed = 1; seed <= t.seeds(); seed++) {
            try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                float[] trainF = Features.of(encoder, data.gather(train), train.length, data.size());
                float[] testF = Features.of(encoder, data.gather(test), test.length, data.size());
                int[] pred = LinearProbe.fitPredict(trainF, data.labelsOf(train), testF, encoder.features(), PlaneFrames.CLASSES,
                        t.probeSteps(), t.probeLr(), seed);
                probe.add(ClassificationMetrics.of(testLabels, pred, PlaneFrames.CLASSES));
                if (t.fineTuneSteps() > 0) {
                    fine.add(ClassificationMetrics.of(testLabels,
                            FineTune.fitPredict(encoder, data, t.fineTuneSteps(), t.fineTuneLr(), seed), PlaneFrames.CLASSES));
                }
            }
        }
        return new Result(encoderSource, Protocol.of(probe), fine.isEmpty() ? null : Protocol.of(fine), train.length, test.length);
    }
}
