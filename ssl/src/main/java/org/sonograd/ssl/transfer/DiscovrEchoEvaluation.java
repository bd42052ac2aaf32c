package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.nn.Module;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;

/**
 * The evidence that {@code discovr} learns: frozen encoders on a held-out simulated echo set
 * ({@code sim:echo} with simulator seed {@code transfer.dataSeed}, never seen in pretraining),
 * labels normal vs abnormal (reduced EF, wall motion, hypertrophy, dilation). A clip's feature is
 * the per-channel mean and standard deviation over its frames of the encoder's pooled features
 * ({@code --pool cls}, the encoder's own {@link Encoder#forward}) or of the spatial mean of its last
 * feature map ({@code --pool tokens}: for a {@link org.sonograd.ssl.model.VitEncoder}, the mean patch token).
 * With {@code --input windows} a video transformer ({@link VitEncoder}) sees real clips instead of still
 * frames: every window of T consecutive frames {@code discovr.gap} apart (T = {@code model.vit.clipFrames},
 * the pretraining clip), and a clip's feature is the mean and standard deviation over its windows of the
 * window's CLS output ({@code --pool cls}), mean patch token ({@code --pool tokens}) or both concatenated
 * ({@code --pool cls+tokens}, windows only).
 * Per seed the clips are split in half by clip (a permutation keyed by the seed), and:
 * <ul>
 *   <li>zero-shot k-NN anomaly detection: the bank is the training half's normal clips, L2-normalised;
 *   a test clip's anomaly score is 1 − Σ_j w_j s_j over its k most similar bank clips (cosine s_j,
 *   w = softmax(s/T), k = 10, T = 0.07); AUROC with abnormal as positive;</li>
 *   <li>linear probe ({@link LinearProbe}): accuracy and macro F1 of normal vs abnormal.</li>
 * </ul>
 * Encoder i of the list is evaluated with seed i + 1 (its split and, for {@code random}, its init); with
 * {@code --splits n}, seed (i mod n) + 1, so that consecutive groups of n encoders (e.g. the pretraining seeds of
 * several settings) share the same n splits and the clips are simulated once.
 * The encoder {@code pixels} is the no-learning reference: the frame average-pooled to 8×8 (64 features).
 */
public final class DiscovrEchoEvaluation {
    private static final int K = 10;
    private static final double T = 0.07;

    private DiscovrEchoEvaluation() {}

    /** Mean ± std over the encoders (seeds) of k-NN AUROC, probe accuracy and probe macro F1, and each per encoder. */
    public record Result(MeanStd knnAuroc, MeanStd probeAccuracy, MeanStd probeMacroF1, double[] seedAuroc,
                         double[] seedAccuracy, double[] seedMacroF1) {}

    /**
     * Usage: {@code DiscovrEchoEvaluation [--pool p[,p…]] [--input frames|windows] [--splits n] [--set key=value]… encoder…}
     * where each p is {@code cls}, {@code tokens} or {@code cls+tokens} and each encoder is {@code random}, a
     * checkpoint or a run folder; the settings resolve as {@code --recipe discovr}. One line per pooling and per group
     * of n consecutive encoders ({@code --splits n}).
     */
    public static void main(String[] args) throws IOException {
        List<String> sets = new ArrayList<>(List.of("recipe=discovr"));
        List<String> encoders = new ArrayList<>();
        List<WindowPooling> poolings = List.of(WindowPooling.CLS);
        boolean windows = false;
        int splits = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--set")) {
                sets.add(args[++i]);
            } else if (args[i].equals("--pool")) {
                poolings = Arrays.stream(args[++i].split(",")).map(p -> switch (p) {
                    case "cls" -> WindowPooling.CLS;
                    case "tokens" -> WindowPooling.MEAN_TOKEN;
                    case "cls+tokens" -> WindowPooling.CLS_AND_MEAN_TOKEN;
                    default -> throw new IllegalArgumentException("--pool " + p + ": choose cls, tokens or cls+tokens");
                }).toList();
            } else if (args[i].equals("--splits")) {
                splits = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--input")) {
                windows = switch (args[++i]) {
                    case "frames" -> false;
                    case "windows" -> true;
                    default -> throw new IllegalArgumentException("--input " + args[i] + ": choose frames or windows");
                };
            } else {
                encoders.add(args[i]);
            }
        }
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, sets));
        int n = splits == 0 ? encoders.size() : splits;
        if (n < 1 || encoders.size() % n != 0) {
            throw new IllegalArgumentException("DiscovrEchoEvaluation: " + encoders.size() + " encoders are not groups of --splits " + n);
        }
        List<Result> results = run(encoders, cfg, poolings, windows, n);
        for (int p = 0; p < poolings.size(); p++) {
            Result r = results.get(p);
            String pooled = switch (poolings.get(p)) {
                case CLS -> "pooled (CLS): ";
                case MEAN_TOKEN -> "mean patch token: ";
                case CLS_AND_MEAN_TOKEN -> "CLS + mean patch token: ";
            };
            for (int g = 0; g < encoders.size(); g += n) {
                double[] auroc = Arrays.copyOfRange(r.seedAuroc(), g, g + n);
                double[] accuracy = Arrays.copyOfRange(r.seedAccuracy(), g, g + n);
                double[] f1 = Arrays.copyOfRange(r.seedMacroF1(), g, g + n);
                System.out.printf((windows ? "clip windows, " : "still frames, ") + pooled
                        + "k-NN anomaly AUROC %s | linear probe accuracy %s, macro F1 %s (%d seeds: %s)%n", MeanStd.of(auroc),
                        MeanStd.of(accuracy), MeanStd.of(f1), n, String.join(", ", encoders.subList(g, g + n)));
                System.out.printf("per seed: k-NN AUROC %s | probe accuracy %s%n", perSeed(auroc), perSeed(accuracy));
            }
        }
    }

    /**
     * Evaluates each of {@code encoders} (seed i + 1 for the i-th) on the held-out echo clips, once per pooling of
     * {@code poolings}: the pooled features ({@link WindowPooling#CLS}) or the spatial mean of the last feature map
     * ({@link WindowPooling#MEAN_TOKEN}) of every frame; with {@code windows}, of every window of
     * {@code model.vit.clipFrames} frames {@code discovr.gap} apart instead, pooled by each pooling from one forward pass
     * (only windows take {@link WindowPooling#CLS_AND_MEAN_TOKEN}). Encoder i gets seed (i mod {@code splits}) + 1.
     * One result per pooling, in their order.
     */
    public static List<Result> run(List<String> encoders, ExperimentConfig cfg, List<WindowPooling> poolings, boolean windows,
                                   int splits) throws IOException {
        if (!windows && poolings.contains(WindowPooling.CLS_AND_MEAN_TOKEN)) {
            throw new IllegalArgumentException("DiscovrEchoEvaluation: --pool cls+tokens needs --input windows");
        }
        var t = cfg.transfer();
        int size = cfg.data().inputSize();
        Videos echo = Videos.fromSource("sim:echo", t.dataSeed(), t.clips(), new ClipSpec(t.frames(), cfg.data().size(),
                cfg.data().size(), cfg.data().fps()));
        int n = echo.size();
        int frames = echo.frames();
        float[] pixels = new float[n * frames * size * size];
        int[] abnormal = new int[n];
        for (int c = 0; c < n; c++) {
            abnormal[c] = echo.clip(c).label() == 0 ? 0 : 1;
            for (int f = 0; f < frames; f++) {
                float[] frame = Videos.centreCrop(echo.normalisedFrame(c, f), echo.height(), echo.width(), size);
                System.arraycopy(frame, 0, pixels, (c * frames + f) * size * size, size * size);
            }
        }
        int pools = poolings.size();
        double[][] auroc = new double[pools][encoders.size()];
        double[][] accuracy = new double[pools][encoders.size()];
        double[][] f1 = new double[pools][encoders.size()];
        for (int i = 0; i < encoders.size(); i++) {
            long seed = i % splits + 1;
            float[][] clipFeatures = new float[pools][];
            int[] width = new int[pools];
            String source = encoders.get(i);
            try (Encoder loaded = source.equals("pixels") ? new PooledPixels() : Encoders.load(source, cfg.model(), seed)) {
                if (windows) {
                    if (!(loaded instanceof VitEncoder vit)) {
                        throw new IllegalArgumentException("DiscovrEchoEvaluation: --input windows needs a video transformer (vit-*), not "
                                + source);
                    }
                    int gap = cfg.discovr().gap();
                    int perClip = ClipWindows.count(frames, vit.clipFrames(), gap);
                    float[] clips = ClipWindows.of(pixels, n, frames, size * size, vit.clipFrames(), gap);
                    float[] both = ClipWindows.features(vit, clips, n * perClip, size, WindowPooling.CLS_AND_MEAN_TOKEN);
                    for (int p = 0; p < pools; p++) {
                        int features = poolings.get(p).width(vit.features());
                        width[p] = 2 * features;
                        clipFeatures[p] = clipFeatures(poolings.get(p).fromBoth(both, n * perClip, vit.features()), n, perClip,
                                features);
                    }
                } else {
                    for (int p = 0; p < pools; p++) {
                        Encoder encoder = poolings.get(p) == WindowPooling.MEAN_TOKEN ? new MeanOfLastMap(loaded) : loaded;
                        width[p] = 2 * encoder.features();
                        clipFeatures[p] = clipFeatures(Features.of(encoder, pixels, n * frames, size), n, frames, encoder.features());
                    }
                }
            }
            int[] order = permutation(seed, n);
            int[] train = Arrays.copyOfRange(order, 0, n / 2);
            int[] test = Arrays.copyOfRange(order, n / 2, n);
            for (int p = 0; p < pools; p++) {
                int w = width[p];
                auroc[p][i] = knnAuroc(clipFeatures[p], w, abnormal, train, test);
                int[] predicted = LinearProbe.fitPredict(ClassificationTransfer.rows(clipFeatures[p], train, w), labels(abnormal, train),
                        ClassificationTransfer.rows(clipFeatures[p], test, w), w, 2, t.probeSteps(), t.probeLr(), seed);
                ClassificationMetrics m = ClassificationMetrics.of(labels(abnormal, test), predicted, 2);
                accuracy[p][i] = m.accuracy();
                f1[p][i] = m.macroF1();
            }
        }
        List<Result> results = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            results.add(new Result(MeanStd.of(auroc[p]), MeanStd.of(accuracy[p]), MeanStd.of(f1[p]), auroc[p], accuracy[p], f1[p]));
        }
        return results;
    }

    /** Per clip: [mean over frames, std over frames] of the frame features [n·frames, F] → [n, 2F]. */
    static float[] clipFeatures(float[] frameFeatures, int n, int frames, int f) {
        float[] out = new float[n * 2 * f];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < f; j++) {
                double sum = 0;
                double sq = 0;
                for (int t = 0; t < frames; t++) {
                    double v = frameFeatures[(c * frames + t) * f + j];
                    sum += v;
                    sq += v * v;
                }
                double mean = sum / frames;
                out[c * 2 * f + j] = (float) mean;
                out[c * 2 * f + f + j] = (float) Math.sqrt(Math.max(0, sq / frames - mean * mean));
            }
        }
        return out;
    }

    /**
     * AUROC of the {@link KnnAnomaly} score (k = 10, T = 0.07) of the test clips against the training
     * clips' normal ones, all L2-normalised; abnormal test clips positive.
     */
    static double knnAuroc(float[] features, int width, int[] abnormal, int[] train, int[] test) {
        float[] unit = KnnAnomaly.normalise(features, width);
        int[] bank = Arrays.stream(train).filter(c -> abnormal[c] == 0).toArray();
        double[] scores = KnnAnomaly.scores(ClassificationTransfer.rows(unit, test, width),
                ClassificationTransfer.rows(unit, bank, width), width, K, T);
        boolean[] positive = new boolean[test.length];
        for (int i = 0; i < test.length; i++) {
            positive[i] = abnormal[test[i]] == 1;
        }
        return Roc.auroc(scores, positive);
    }

    /** The frame itself, average-pooled to an 8×8 grid: 64 features, nothing learned. */
    private static final class PooledPixels extends Encoder {
        private static final int GRID = 8;

        @Override
        public int features() {
            return GRID * GRID;
        }

        @Override
        public List<Var> featureMaps(Var frames) {
            long n = frames.size(0);
            long s = frames.size(2);
            return List.of(frames.reshape(n, 1, GRID, s / GRID, GRID, s / GRID).mean(new int[] {3, 5}, false));
        }

        @Override
        public long[] featureMapWidths() {
            return new long[] {1};
        }

        @Override
        public Module lastStage() {
            return this;
        }

        @Override
        public Var forward(Var frames) {
            return featureMaps(frames).getFirst().reshape(frames.size(0), (long) GRID * GRID);
        }
    }

    /** An encoder's last feature map, averaged over its positions, as its pooled features. */
    private static final class MeanOfLastMap extends Encoder {
        private final Encoder inner;

        MeanOfLastMap(Encoder inner) {
            this.inner = inner;
        }

        @Override
        public int features() {
            long[] widths = inner.featureMapWidths();
            return Math.toIntExact(widths[widths.length - 1]);
        }

        @Override
        public List<Var> featureMaps(Var frames) {
            return inner.featureMaps(frames);
        }

        @Override
        public long[] featureMapWidths() {
            return inner.featureMapWidths();
        }

        @Override
        public Module lastStage() {
            return inner.lastStage();
        }

        @Override
        public Var forward(Var frames) {
            return inner.featureMaps(frames).getLast().mean(new int[] {2, 3}, false);
        }
    }

    private static String perSeed(double[] values) {
        return String.join(" / ", Arrays.stream(values).mapToObj(v -> String.format("%.3f", v)).toList());
    }

    private static int[] permutation(long seed, int n) {
        try (MemoryScope scope = MemoryScope.open()) {
            return Arrays.stream(new RandomStream(seed).permutation(n).toLongArray()).mapToInt(Math::toIntExact).toArray();
        }
    }

    private static int[] labels(int[] all, int[] index) {
        return Arrays.stream(index).map(i -> all[i]).toArray();
    }
}
