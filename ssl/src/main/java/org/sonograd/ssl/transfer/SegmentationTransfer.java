package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Segmentation transfer: the encoder and a {@link SegmentationDecoder} over its feature maps are
 * fine-tuned together by AdamW (weight decay 1e-4 except biases and norms) on the loss
 * L = CE + (1 − soft Dice): pixel cross-entropy −(1/NHW)·Σ log softmax(z)[y] plus the soft Dice
 * loss of the softmax probabilities against the one-hot truth, averaged over samples and classes
 * (Milletari et al. 2016). Minibatches of {@code taskBatch} training images are drawn by
 * {@link KeyedDraws}(seed, 5, step), image and label map augmented together by {@link TrainingAugmentation}
 * from the same draws; after {@code taskSteps} steps the last model, in evaluation mode, predicts the
 * arg-max class of every test pixel (no model selection). Seed s tests fold (s − 1) mod k of a k-fold split
 * by group ({@link GroupFolds}, keyed by {@code transfer.dataSeed}); so seeds 1..k together are a
 * cross-validation. Per structure, Dice and IoU ({@link SegmentationMetrics}) are averaged over the test images.
 */
public final class SegmentationTransfer {
    private static final int CHUNK = 16;

    private SegmentationTransfer() {}

    /** Extra per-seed metrics from the test indices and their predicted label maps (e.g. head circumference). */
    @FunctionalInterface
    public interface ExtraMetrics {
        /** Metric name → value for one seed. */
        Map<String, Double> of(int seed, int[] test, int[] predicted);
    }

    /** Trains and evaluates over {@code t.seeds()} seeds; {@code extra} may be null. */
    public static TaskResult run(String task, String encoderSource, ExperimentConfig.ModelConfig model, TaskImages data,
                                 ExperimentConfig.TransferConfig t, ExtraMetrics extra) throws IOException {
        long start = System.nanoTime();
        int k = data.maskClasses().size();
        int[] folds = GroupFolds.assign(data.groups(), data.labels(), t.folds(), t.dataSeed());
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        List<TaskResult.Overlay> overlays = new ArrayList<>();
        int testCount = 0;
        for (int seed = 1; seed <= t.seeds(); seed++) {
            int fold = (seed - 1) % t.folds();
            int[] train = GroupFolds.select(folds, fold, false);
            int[] test = GroupFolds.select(folds, fold, true);
            testCount = test.length;
            int[] predicted;
            try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                predicted = fitPredict(encoder, data, train, test, t, seed);
            }
            int[] truth = data.gatherMasks(test);
            int hw = data.size() * data.size();
            double meanDice = 0;
            for (int c = 1; c < k; c++) {
                double dice = 0;
                double iou = 0;
                for (int i = 0; i < test.length; i++) {
                    int[] p = java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw);
                    int[] g = java.util.Arrays.copyOfRange(truth, i * hw, (i + 1) * hw);
                    dice += SegmentationMetrics.dice(p, g, c) / test.length;
                    iou += SegmentationMetrics.iou(p, g, c) / test.length;
                }
                put(perSeed, "Dice " + data.maskClasses().get(c), seed, t.seeds(), dice);
                put(perSeed, "IoU " + data.maskClasses().get(c), seed, t.seeds(), iou);
                meanDice += dice / (k - 1);
            }
            if (k > 2) {
                put(perSeed, "mean Dice", seed, t.seeds(), meanDice);
            }
            if (extra != null) {
                for (Map.Entry<String, Double> e : extra.of(seed, test, predicted).entrySet()) {
                    put(perSeed, e.getKey(), seed, t.seeds(), e.getValue());
                }
            }
            if (seed == 1) {
                for (int i = 0; i < Math.min(4, test.length); i++) {
                    overlays.add(new TaskResult.Overlay(data.ids().get(test[i]), data.size(),
                            java.util.Arrays.copyOfRange(data.raw(), test[i] * hw, (test[i] + 1) * hw),
                            java.util.Arrays.copyOfRange(truth, i * hw, (i + 1) * hw),
                            java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw)));
                }
            }
        }
        String desc = String.format("%d images %d² (%d groups), ~%d test per seed, fold (seed−1) mod %d", data.count(),
                data.size(), java.util.Arrays.stream(data.groups()).distinct().count(), testCount, t.folds());
        return new TaskResult(task, encoderSource, "fine-tune + decoder", desc, perSeed, Map.of(), overlays, null, null,
                (System.nanoTime() - start) / 1e9);
    }

    static void put(Map<String, double[]> perSeed, String name, int seed, int seeds, double value) {
        perSeed.computeIfAbsent(name, x -> new double[seeds])[seed - 1] = value;
    }

    /** Fine-tunes {@code encoder} (in place) with a new decoder on {@code train}; the predicted label maps of {@code test}. */
    public static int[] fitPredict(Encoder encoder, TaskImages data, int[] train, int[] test, ExperimentConfig.TransferConfig t,
                                   long seed) {
        int size = data.size();
        int hw = size * size;
        int k = data.maskClasses().size();
        try (SegmentationDecoder decoder = new SegmentationDecoder(encoder.featureMapWidths(), k, 16, new RandomStream(seed + 7))) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            encoder.namedParameters().forEach((n, p) -> params.put("encoder." + n, p));
            decoder.namedParameters().forEach((n, p) -> params.put("decoder." + n, p));
            try (AdamW opt = new AdamW(ParamGroup.splitDecay(params, 1e-4, ParamGroup::isBiasNormOrToken), t.taskLr(), 0.9, 0.999,
                    1e-8)) {
                int b = Math.min(t.taskBatch(), train.length);
                for (int s = 0; s < t.taskSteps(); s++) {
                    KeyedDraws d = KeyedDraws.of(seed, 5, s);
                    int[] idx = new int[b];
                    for (int i = 0; i < b; i++) {
                        idx[i] = train[d.below(train.length)];
                    }
                    TrainingAugmentation.Batch batch = TrainingAugmentation.batch(data, idx, d);
                    try (MemoryScope step = MemoryScope.open()) {
                        Var x = Var.constant(Tensor.of(batch.images(), b, 1, size, size));
                        Var onehot = Var.constant(Tensor.of(oneHot(batch.masks(), b, k, hw), b, k, size, size));
                        Var logits = decoder.decode(encoder.featureMaps(x), size);
                        // CE = −(1/(B·H·W))·Σ onehot ⊙ log softmax(z); soft Dice on softmax(z)
                        Var ce = logits.logSoftmax(1).mul(onehot).sum().mul(-1.0 / ((double) b * hw));
                        Var dice = LossFunctions.dice(logits.softmax(1), onehot, 1.0);
                        ce.add(dice).backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
            }
            int[] out = new int[test.length * hw];
            encoder.eval();
            decoder.eval();
            try (GradMode off = GradMode.off()) {
                for (int from = 0; from < test.length; from += CHUNK) {
                    int m = Math.min(CHUNK, test.length - from);
                    try (MemoryScope scope = MemoryScope.open()) {
                        int[] idx = java.util.Arrays.copyOfRange(test, from, from + m);
                        Var logits = decoder.decode(encoder.featureMaps(Var.constant(Tensor.of(data.gather(idx), m, 1, size, size))),
                                size);
                        long[] am = logits.value().argmax(1, false).toLongArray();
                        for (int i = 0; i < am.length; i++) {
                            out[from * hw + i] = (int) am[i];
                        }
                    }
                }
            }
            return out;
        }
    }

    /** One-hot [n, k, hw] of label maps [n, hw]. */
    static float[] oneHot(int[] labels, int n, int k, int hw) {
        float[] out = new float[n * k * hw];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                int c = labels[i * hw + p];
                if (c < 0 || c >= k) {
                    throw new IllegalArgumentException("segmentation label " + c + " at sample " + i + " pixel " + p
                            + " is not in [0, " + k + ")");
                }
                out[(i * k + c) * hw + p] = 1;
            }
        }
        return out;
    }
}
