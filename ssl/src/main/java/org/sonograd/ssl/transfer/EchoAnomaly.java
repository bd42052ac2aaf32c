package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.model.VitEncoder;

/**
 * Zero-shot echo anomaly detection on simulated apical four-chamber clips (normal vs reduced EF,
 * regional wall-motion defect, hypertrophy, dilation). A clip's embedding is the mean of the frozen
 * encoder's pooled features over its frames (a video transformer: over its windows of T consecutive
 * frames, {@link #clipEmbeddings}), L2-normalised. Per seed, the clips are split by a
 * permutation drawn from {@link KeyedDraws}(seed, 12, 0): half of the normal clips form the reference
 * bank, the other normals and the abnormals are split half into validation and half into test. The
 * score is {@link KnnAnomaly} (k, T from the configuration). AUROC is threshold-free; the threshold
 * for balanced accuracy and macro-F1 (normal vs abnormal) is the validation score that maximises the
 * validation balanced accuracy, then applied unchanged to the test clips. AUROC per abnormality is
 * also reported (that abnormality's test clips vs the normal test clips). The encoder runs in
 * evaluation mode, with any batch-norm statistics re-estimated on the bank's frames only
 * ({@link BatchNormRecalibration}; the normal reference is the only data a zero-shot detector has).
 */
public final class EchoAnomaly {
    private EchoAnomaly() {}

    /** Evaluates {@code encoderSource} on the clips of {@code data} (a {@code sim:echo} set; group = clip). */
    public static TaskResult run(String encoderSource, ExperimentConfig.ModelConfig model, TaskImages data,
                                 ExperimentConfig.TransferConfig t) throws IOException {
        long start = System.nanoTime();
        int clips = java.util.Arrays.stream(data.groups()).max().orElseThrow() + 1;
        int[] clipLabel = new int[clips];
        for (int i = 0; i < data.count(); i++) {
            clipLabel[data.groups()[i]] = data.labels()[i];
        }
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        Map<String, Roc> rocs = new LinkedHashMap<>();
        String desc = "";
        for (int seed = 1; seed <= t.seeds(); seed++) {
            List<Integer> normals = new ArrayList<>();
            List<Integer> abnormals = new ArrayList<>();
            KeyedDraws draws = KeyedDraws.of(seed, 12, 0);
            for (int c : permutation(clips, draws)) {
                (clipLabel[c] == 0 ? normals : abnormals).add(c);
            }
            int bankSize = normals.size() / 2;
            List<Integer> bank = normals.subList(0, bankSize);
            List<Integer> restNormal = normals.subList(bankSize, normals.size());
            List<Integer> val = new ArrayList<>(restNormal.subList(0, restNormal.size() / 2));
            val.addAll(abnormals.subList(0, abnormals.size() / 2));
            List<Integer> test = new ArrayList<>(restNormal.subList(restNormal.size() / 2, restNormal.size()));
            test.addAll(abnormals.subList(abnormals.size() / 2, abnormals.size()));
            float[] emb;
            int d;
            try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                d = encoder.features();
                int[] bankFrames = framesOf(data.groups(), bank);
                BatchNormRecalibration.run(encoder, data.gather(bankFrames), bankFrames.length, data.size());
                emb = KnnAnomaly.normalise(clipEmbeddings(encoder, data, clips), d);
            }
            float[] bankF = ClassificationTransfer.rows(emb, bank.stream().mapToInt(Integer::intValue).toArray(), d);
            double[] valS = KnnAnomaly.scores(ClassificationTransfer.rows(emb, val.stream().mapToInt(Integer::intValue).toArray(), d),
                    bankF, d, t.knnK(), t.knnTemperature());
            double[] testS = KnnAnomaly.scores(ClassificationTransfer.rows(emb, test.stream().mapToInt(Integer::intValue).toArray(), d),
                    bankF, d, t.knnK(), t.knnTemperature());
            boolean[] valA = abnormal(val, clipLabel);
            boolean[] testA = abnormal(test, clipLabel);
            double threshold = bestThreshold(valS, valA);
            int[] truth = new int[test.size()];
            int[] pred = new int[test.size()];
            for (int i = 0; i < test.size(); i++) {
                truth[i] = testA[i] ? 1 : 0;
                pred[i] = testS[i] >= threshold ? 1 : 0;
            }
            ClassificationMetrics m = ClassificationMetrics.of(truth, pred, 2);
            SegmentationTransfer.put(perSeed, "AUROC", seed, t.seeds(), Roc.auroc(testS, testA));
            SegmentationTransfer.put(perSeed, "balanced accuracy", seed, t.seeds(), m.macroRecall());
            SegmentationTransfer.put(perSeed, "macro-F1", seed, t.seeds(), m.macroF1());
            for (int a = 1; a < data.classes().size(); a++) {
                List<Double> s = new ArrayList<>();
                List<Boolean> p = new ArrayList<>();
                for (int i = 0; i < test.size(); i++) {
                    int l = clipLabel[test.get(i)];
                    if (l == 0 || l == a) {
                        s.add(testS[i]);
                        p.add(l == a);
                    }
                }
                if (p.contains(true) && p.contains(false)) {
                    boolean[] pa = new boolean[p.size()];
                    for (int i = 0; i < pa.length; i++) {
                        pa[i] = p.get(i);
                    }
                    SegmentationTransfer.put(perSeed, "AUROC " + data.classes().get(a), seed, t.seeds(),
                            Roc.auroc(s.stream().mapToDouble(Double::doubleValue).toArray(), pa));
                }
            }
            if (seed == 1) {
                rocs.put("abnormal vs normal (test)", Roc.of(testS, testA));
            }
            desc = String.format("%d clips × %d frames %d², bank %d normals, validation %d, test %d; k=%d, T=%.2f", clips,
                    data.count() / clips, data.size(), bank.size(), val.size(), test.size(), t.knnK(), t.knnTemperature());
        }
        return new TaskResult("echo-anomaly", encoderSource, "k-NN", desc, perSeed, rocs, List.of(), null, null,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Per clip [clips, F]: the mean of the encoder's pooled features over the clip's frames, or, for a video
     * transformer ({@link VitEncoder} with T &gt; 1 frames per clip), over every window of T consecutive frames
     * of the clip ({@link ClipWindows}, gap 1), the clips it was pretrained on rather than still frames.
     * Frames of a clip (group) are taken in their order in {@code data}.
     */
    static float[] clipEmbeddings(Encoder encoder, TaskImages data, int clips) {
        int d = encoder.features();
        float[] emb = new float[clips * d];
        int[] count = new int[clips];
        if (encoder instanceof VitEncoder vit && vit.clipFrames() > 1) {
            int hw = data.size() * data.size();
            for (int c = 0; c < clips; c++) {
                int[] members = framesOf(data.groups(), List.of(c));
                float[] pixels = data.gather(members);
                int windows = ClipWindows.count(members.length, vit.clipFrames(), 1);
                float[] features = ClipWindows.features(vit, ClipWindows.of(pixels, 1, members.length, hw, vit.clipFrames(), 1),
                        windows, data.size(), WindowPooling.CLS);
                for (int w = 0; w < windows; w++) {
                    for (int j = 0; j < d; j++) {
                        emb[c * d + j] += features[w * d + j];
                    }
                }
                count[c] = windows;
            }
        } else {
            float[] frames = Features.of(encoder, data.images(), data.count(), data.size());
            for (int i = 0; i < data.count(); i++) {
                count[data.groups()[i]]++;
                for (int j = 0; j < d; j++) {
                    emb[data.groups()[i] * d + j] += frames[i * d + j];
                }
            }
        }
        for (int c = 0; c < clips; c++) {
            for (int j = 0; j < d; j++) {
                emb[c * d + j] /= count[c];
            }
        }
        return emb;
    }

    /** Indices of the frames of the groups {@code clips}, in their order in {@code groups}. */
    private static int[] framesOf(int[] groups, Collection<Integer> clips) {
        Set<Integer> wanted = new HashSet<>(clips);
        return IntStream.range(0, groups.length).filter(i -> wanted.contains(groups[i])).toArray();
    }

    /** The score threshold (predict abnormal when score ≥ it) maximising balanced accuracy on a validation set. */
    static double bestThreshold(double[] scores, boolean[] abnormal) {
        double best = Double.POSITIVE_INFINITY;
        double bestBalanced = -1;
        double[] candidates = scores.clone();
        java.util.Arrays.sort(candidates);
        for (double th : candidates) {
            int tp = 0;
            int tn = 0;
            int pos = 0;
            for (int i = 0; i < scores.length; i++) {
                pos += abnormal[i] ? 1 : 0;
                boolean flag = scores[i] >= th;
                tp += flag && abnormal[i] ? 1 : 0;
                tn += !flag && !abnormal[i] ? 1 : 0;
            }
            int neg = scores.length - pos;
            // balanced accuracy = (TPR + TNR) / 2
            double balanced = ((pos == 0 ? 0 : (double) tp / pos) + (neg == 0 ? 0 : (double) tn / neg)) / 2;
            if (balanced > bestBalanced) {
                bestBalanced = balanced;
                best = th;
            }
        }
        return best;
    }

    private static boolean[] abnormal(List<Integer> clips, int[] clipLabel) {
        boolean[] out = new boolean[clips.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = clipLabel[clips.get(i)] != 0;
        }
        return out;
    }

    private static int[] permutation(int n, KeyedDraws draws) {
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = draws.below(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
