package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.recipe.Losses;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Image classification transfer with k-fold cross-validation by group (video, patient or file;
 * {@link GroupFolds} keyed by the seed): every sample is predicted once, by the model trained on the
 * other folds, and the pooled predictions of a seed give its metrics. Protocols:
 * <ul>
 *   <li>{@code probe}: frozen encoder, batch-norm statistics re-estimated on the training folds
 *       ({@link BatchNormRecalibration}), {@link LinearProbe} on its pooled features;</li>
 *   <li>{@code fine-tune}: the whole encoder and a new linear head;</li>
 *   <li>{@code last-stage}: only {@link Encoder#lastStage()} and a new linear head (the Meta-USCL protocol).</li>
 * </ul>
 * Fine-tuning runs AdamW (weight decay 1e-4 except biases and norms) for {@code taskSteps} steps on
 * minibatches drawn by {@link KeyedDraws}(seed, 6 + fold, step), each image augmented by
 * {@link TrainingAugmentation} from the same draws; the last step's model is evaluated in evaluation
 * mode (batch norm on the running statistics of fine-tuning, so test images never share a batch statistic).
 * Metrics: accuracy, macro precision/recall/F1, one-vs-rest macro AUROC of the class probabilities,
 * per-class precision/recall/F1, and — when groups hold several samples — the group-level accuracy
 * (arg-max of the mean probability over a group's samples).
 */
public final class ClassificationTransfer {
    /** The protocols. */
    public static final List<String> PROTOCOLS = List.of("probe", "fine-tune", "last-stage");
    private static final int CHUNK = 32;

    private ClassificationTransfer() {}

    /** Runs {@code protocol} over {@code t.seeds()} seeds. */
    public static TaskResult run(String task, String encoderSource, ExperimentConfig.ModelConfig model, TaskImages data,
                                 ExperimentConfig.TransferConfig t, String protocol) throws IOException {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol '" + protocol + "': choose one of " + PROTOCOLS);
        }
        long start = System.nanoTime();
        int k = data.classes().size();
        int n = data.count();
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        Map<String, Roc> rocs = new LinkedHashMap<>();
        long[][] confusion = new long[k][k];
        boolean grouped = java.util.Arrays.stream(data.groups()).distinct().count() < n;
        for (int seed = 1; seed <= t.seeds(); seed++) {
            int[] folds = GroupFolds.assign(data.groups(), data.labels(), t.folds(), seed);
            float[] probs = new float[n * k];
            for (int f = 0; f < t.folds(); f++) {
                int[] train = GroupFolds.select(folds, f, false);
                int[] test = GroupFolds.select(folds, f, true);
                float[] p;
                try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                    if (protocol.equals("probe")) {
                        BatchNormRecalibration.run(encoder, data.gather(train), train.length, data.size());
                        int width = encoder.features();
                        p = LinearProbe.fitProbabilities(Features.of(encoder, data.gather(train), train.length, data.size()),
                                data.labelsOf(train), Features.of(encoder, data.gather(test), test.length, data.size()), width, k,
                                t.probeSteps(), t.probeLr(), seed * 100L + f);
                    } else {
                        p = fineTune(encoder, data, train, test, t, protocol.equals("last-stage"), seed, f);
                    }
                }
                for (int i = 0; i < test.length; i++) {
                    System.arraycopy(p, i * k, probs, test[i] * k, k);
                }
            }
            int[] predicted = LinearProbe.argmax(probs, k);
            ClassificationMetrics m = ClassificationMetrics.of(data.labels(), predicted, k);
            SegmentationTransfer.put(perSeed, "accuracy", seed, t.seeds(), m.accuracy());
            SegmentationTransfer.put(perSeed, "macro-P", seed, t.seeds(), m.macroPrecision());
            SegmentationTransfer.put(perSeed, "macro-R", seed, t.seeds(), m.macroRecall());
            SegmentationTransfer.put(perSeed, "macro-F1", seed, t.seeds(), m.macroF1());
            SegmentationTransfer.put(perSeed, "AUROC", seed, t.seeds(), Roc.macroOneVsRest(probs, data.labels(), k));
            if (grouped) {
                SegmentationTransfer.put(perSeed, "group accuracy", seed, t.seeds(), groupAccuracy(probs, data, k));
            }
            for (int c = 0; c < k; c++) {
                String name = data.classes().get(c);
                SegmentationTransfer.put(perSeed, "P " + name, seed, t.seeds(), m.precision()[c]);
                SegmentationTransfer.put(perSeed, "R " + name, seed, t.seeds(), m.recall()[c]);
                SegmentationTransfer.put(perSeed, "F1 " + name, seed, t.seeds(), m.f1()[c]);
                for (int j = 0; j < k; j++) {
                    confusion[c][j] += m.confusion()[c][j];
                }
            }
            if (seed == 1) {
                for (int c = 0; c < k; c++) {
                    double[] s = new double[n];
                    boolean[] pos = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        s[i] = probs[i * k + c];
                        pos[i] = data.labels()[i] == c;
                    }
                    rocs.put(data.classes().get(c) + " vs rest", Roc.of(s, pos));
                }
            }
        }
        String desc = String.format("%d images %d² in %d groups, %d-fold CV by group per seed", n, data.size(),
                java.util.Arrays.stream(data.groups()).distinct().count(), t.folds());
        return new TaskResult(task, encoderSource, protocol, desc, perSeed, rocs, List.of(), confusion, data.classes(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Accuracy of the arg-max of each group's mean class probabilities against the group's label. */
    static double groupAccuracy(float[] probs, TaskImages data, int k) {
        Map<Integer, double[]> sum = new LinkedHashMap<>();
        Map<Integer, Integer> label = new LinkedHashMap<>();
        for (int i = 0; i < data.count(); i++) {
            double[] s = sum.computeIfAbsent(data.groups()[i], g -> new double[k]);
            for (int c = 0; c < k; c++) {
                s[c] += probs[i * k + c];
            }
            label.put(data.groups()[i], data.labels()[i]);
        }
        int hit = 0;
        for (Map.Entry<Integer, double[]> e : sum.entrySet()) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = e.getValue()[c] > e.getValue()[best] ? c : best;
            }
            hit += best == label.get(e.getKey()) ? 1 : 0;
        }
        return (double) hit / sum.size();
    }

    /**
     * Fine-tunes {@code encoder} (in place; only its last stage when {@code lastStageOnly}) with a new
     * linear head on {@code train}; the class probabilities of {@code test} [m·k].
     */
    static float[] fineTune(Encoder encoder, TaskImages data, int[] train, int[] test, ExperimentConfig.TransferConfig t,
                            boolean lastStageOnly, long seed, int fold) {
        int size = data.size();
        int k = data.classes().size();
        if (lastStageOnly) {
            java.util.Set<Parameter> last = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            last.addAll(encoder.lastStage().parameters());
            encoder.parameters().forEach(p -> p.setRequiresGrad(last.contains(p)));
        }
        try (Linear head = new Linear(encoder.features(), k, true, new RandomStream(seed * 100L + fold + 1))) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            encoder.namedParameters().forEach((name, p) -> {
                if (p.requiresGrad()) {
                    params.put("encoder." + name, p);
                }
            });
            head.namedParameters().forEach((name, p) -> params.put("head." + name, p));
            try (AdamW opt = new AdamW(ParamGroup.splitDecay(params, 1e-4, ParamGroup::isBiasNormOrToken), t.taskLr(), 0.9, 0.999,
                    1e-8)) {
                int b = Math.min(t.taskBatch(), train.length);
                for (int s = 0; s < t.taskSteps(); s++) {
                    KeyedDraws d = KeyedDraws.of(seed, 6 + fold, s);
                    int[] idx = new int[b];
                    for (int i = 0; i < b; i++) {
                        idx[i] = train[d.below(train.length)];
                    }
                    TrainingAugmentation.Batch batch = TrainingAugmentation.batch(data, idx, d);
                    try (MemoryScope step = MemoryScope.open()) {
                        Var x = Var.constant(Tensor.of(batch.images(), b, 1, size, size));
                        Losses.crossEntropy(head.forward(encoder.forward(x)), data.labelsOf(idx)).backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
            }
            float[] out = new float[test.length * k];
            encoder.eval();
            try (GradMode off = GradMode.off()) {
                for (int from = 0; from < test.length; from += CHUNK) {
                    int m = Math.min(CHUNK, test.length - from);
                    try (MemoryScope scope = MemoryScope.open()) {
                        int[] idx = java.util.Arrays.copyOfRange(test, from, from + m);
                        float[] p = head.forward(encoder.forward(Var.constant(Tensor.of(data.gather(idx), m, 1, size, size))))
                                .softmax(1).value().contiguous().toFloatArray();
                        System.arraycopy(p, 0, out, from * k, m * k);
                    }
                }
            }
            return out;
        }
    }

    static float[] rows(float[] all, int[] idx, int width) {
        float[] out = new float[idx.length * width];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(all, idx[i] * width, out, i * width, width);
        }
        return out;
    }
}
