package org.sonograd.ssl.recipe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.SceneKind;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.UsclAugmentation;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.transfer.BatchNormRecalibration;
import org.sonograd.ssl.transfer.ClassificationMetrics;
import org.sonograd.ssl.transfer.Encoders;
import org.sonograd.ssl.transfer.Features;
import org.sonograd.ssl.transfer.LinearProbe;
import org.sonograd.ssl.transfer.MeanStd;

/**
 * The evidence that (Meta-)USCL learns: a linear probe on a held-out set of labelled simulated lung
 * clips (covid, pneumonia, regular; simulator seed {@code transfer.dataSeed}, not the pretraining
 * seed), split by clip (the last {@code transfer.testFraction} of the clips are the test set), every
 * frame normalised as in pretraining ((x − 0.18)/0.24). Encoders are frozen in evaluation mode, in
 * two protocols, every source alike: with the batch-norm running statistics the encoder has (0 and 1
 * for a random encoder: batch norm is then the identity), and with statistics recalibrated on the
 * probe's training frames ({@link BatchNormRecalibration}: no labels, no test frame), which compares the
 * weights alone and is what a probe on frozen features does with its own data: the reported protocol.
 * For each seed s = 1 … {@code transfer.seeds}, a source is
 * {@code random} (initialised with seed s) or a run folder or checkpoint in which {@code {seed}} is
 * replaced by s; the probe is keyed by s too. Prints accuracy and macro F1, mean ± std over seeds.
 *
 * <p>Usage: {@code MetaUsclEvaluation [--set key=value …] source …}; settings as for {@code pretrain}
 * with recipe meta-uscl (the random encoder's architecture, the probe's data and steps).
 */
public final class MetaUsclEvaluation {
    private MetaUsclEvaluation() {}

    /** Probe metrics of one source per seed, with the encoder's own and with recalibrated batch-norm statistics. */
    public record Result(String source, List<ClassificationMetrics> own, List<ClassificationMetrics> recalibrated) {}

    private static MeanStd accuracy(List<ClassificationMetrics> perSeed) {
        return MeanStd.of(perSeed.stream().mapToDouble(ClassificationMetrics::accuracy).toArray());
    }

    private static MeanStd macroF1(List<ClassificationMetrics> perSeed) {
        return MeanStd.of(perSeed.stream().mapToDouble(ClassificationMetrics::macroF1).toArray());
    }

    /** Runs the probe for one source. */
    public static Result evaluate(String source, ExperimentConfig cfg) throws IOException {
        ExperimentConfig.TransferConfig t = cfg.transfer();
        int size = cfg.data().inputSize();
        Videos clips = Videos.simulate(SceneKind.LUNG, t.dataSeed(), t.clips(), new ClipSpec(t.frames(), size, size, t.fps()));
        int testFrom = (int) Math.round(clips.size() * (1 - t.testFraction()));
        UsclAugmentation normalise = MetaUscl.augmentation(cfg.metaUscl(), size);
        List<float[]> train = new ArrayList<>();
        List<float[]> test = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        for (int c = 0; c < clips.size(); c++) {
            for (int f = 0; f < clips.frames(); f++) {
                float[] frame = normalise.plain(clips.clip(c).frame(f), size, size);
                (c < testFrom ? train : test).add(frame);
                (c < testFrom ? trainLabels : testLabels).add(clips.clip(c).label());
            }
        }
        int classes = clips.clip(0).classes().size();
        List<ClassificationMetrics> own = new ArrayList<>();
        List<ClassificationMetrics> recalibrated = new ArrayList<>();
        float[] trainFrames = concat(train);
        float[] testFrames = concat(test);
        for (int seed = 1; seed <= t.seeds(); seed++) {
            try (Encoder encoder = Encoders.load(source.replace("{seed}", Integer.toString(seed)), cfg.model(), seed)) {
                for (List<ClassificationMetrics> protocol : List.of(own, recalibrated)) {
                    if (protocol == recalibrated) {
                        BatchNormRecalibration.run(encoder, trainFrames, train.size(), size);
                    }
                    encoder.eval();
                    float[] trainF = Features.of(encoder, trainFrames, train.size(), size);
                    float[] testF = Features.of(encoder, testFrames, test.size(), size);
                    int[] predicted = LinearProbe.fitPredict(trainF, ints(trainLabels), testF, encoder.features(), classes,
                            t.probeSteps(), t.probeLr(), seed);
                    protocol.add(ClassificationMetrics.of(ints(testLabels), predicted, classes));
                }
            }
        }
        return new Result(source, own, recalibrated);
    }

    private static String perSeed(List<ClassificationMetrics> metrics) {
        StringBuilder out = new StringBuilder();
        metrics.forEach(m -> out.append(out.isEmpty() ? "" : " ").append(String.format("%.3f", m.accuracy())));
        return out.toString();
    }

    private static float[] concat(List<float[]> frames) {
        int hw = frames.getFirst().length;
        float[] out = new float[frames.size() * hw];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(frames.get(i), 0, out, i * hw, hw);
        }
        return out;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Prints one line per source. */
    public static void main(String[] args) throws IOException {
        List<String> settings = new ArrayList<>(List.of("recipe=meta-uscl"));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--set")) {
                settings.add(args[++i]);
            } else {
                sources.add(args[i]);
            }
        }
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, settings));
        System.out.printf("linear probe, simulated lung (seed %d, %d clips x %d frames, %dx%d), %d seeds%n",
                cfg.transfer().dataSeed(), cfg.transfer().clips(), cfg.transfer().frames(), cfg.data().inputSize(),
                cfg.data().inputSize(), cfg.transfer().seeds());
        for (String source : sources) {
            Result r = evaluate(source, cfg);
            System.out.printf("%s%n  own BN statistics: accuracy %s, macro F1 %s (per seed %s)%n"
                    + "  recalibrated:      accuracy %s, macro F1 %s (per seed %s)%n", source, accuracy(r.own()), macroF1(r.own()),
                    perSeed(r.own()), accuracy(r.recalibrated()), macroF1(r.recalibrated()), perSeed(r.recalibrated()));
        }
    }
}
