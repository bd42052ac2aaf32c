package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.optim.Adam;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Gaze (saliency) prediction transfer: the encoder is frozen, a {@link SaliencyDecoder} on its last
 * feature map is trained by full-batch Adam on the cross-entropy −Σ G·log P against the density
 * maps G (KL(G‖P) up to a constant), for a fixed number of steps. On the test clips every
 * {@link SaliencyMetrics} metric is averaged over frames, then reported as mean ± std over seeds.
 */
public final class SaliencyTransfer {
    private static final int CHUNK = 64;
    /** The metric names, in report order. */
    public static final List<String> METRICS = List.of("KL", "CC", "NSS", "SIM", "AUC-Judd", "AUC-Borji");

    private SaliencyTransfer() {}

    /**
     * Per-metric mean ± std over seeds, the same metrics for the centre-bias baseline (every test frame
     * predicted by the mean training density map), and seed 1's prediction for the first test frame.
     */
    public record Result(String encoder, Map<String, MeanStd> metrics, Map<String, MeanStd> centreBias, float[] exampleFrame,
                         float[] exampleTarget, float[] examplePrediction) {}

    /** Trains and evaluates the decoder over {@code t.seeds()} seeds. */
    public static Result run(String encoderSource, ExperimentConfig.ModelConfig model, SaliencyFrames data,
                             ExperimentConfig.TransferConfig t) throws IOException {
        int[] train = data.split(false);
        int[] test = data.split(true);
        int hw = data.size() * data.size();
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        METRICS.forEach(m -> perSeed.put(m, new double[t.seeds()]));
        float[] example = null;
        for (int seed = 1; seed <= t.seeds(); seed++) {
            try (Encoder encoder = Encoders.load(encoderSource, model, seed)) {
                long[] shape = new long[4];
                float[] trainMaps = featureMaps(encoder, data.rows(data.frames(), train), train.length, data.size(), shape);
                long[] mapShape = {0, shape[1], shape[2], shape[3]};
                float[] testMaps = featureMaps(encoder, data.rows(data.frames(), test), test.length, data.size(), shape);
                try (SaliencyDecoder decoder = new SaliencyDecoder(shape[1], 16, data.size(), new RandomStream(seed + 2));
                     Adam adam = new Adam(List.of(ParamGroup.of(decoder.namedParameters(), 0)), t.saliencyLr(), 0.9, 0.999, 1e-8)) {
                    try (MemoryScope scope = MemoryScope.open()) {
                        Var x = Var.constant(Tensor.of(trainMaps, train.length, mapShape[1], mapShape[2], mapShape[3]));
                        Var g = Var.constant(Tensor.of(data.rows(data.density(), train), train.length, hw));
                        for (int s = 0; s < t.saliencySteps(); s++) {
                            try (MemoryScope step = MemoryScope.open()) {
                                decoder.forward(x).mul(g).sum().mul(-1.0 / train.length).backward();
                                adam.step();
                                decoder.zeroGrad();
                            }
                        }
                    }
                    float[] predicted;
                    try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
                        predicted = decoder.forward(Var.constant(Tensor.of(testMaps, test.length, mapShape[1], mapShape[2],
                                mapShape[3]))).value().exp().contiguous().toFloatArray();
                    }
                    float[] density = data.rows(data.density(), test);
                    float[] fixations = data.rows(data.fixations(), test);
                    double[] scores = evaluate(predicted, density, fixations, test.length, hw, seed);
                    for (int k = 0; k < METRICS.size(); k++) {
                        perSeed.get(METRICS.get(k))[seed - 1] = scores[k];
                    }
                    if (example == null) {
                        example = java.util.Arrays.copyOfRange(predicted, 0, hw);
                    }
                }
            }
        }
        Map<String, MeanStd> summary = new LinkedHashMap<>();
        perSeed.forEach((k, v) -> summary.put(k, MeanStd.of(v)));
        float[] mean = new float[hw];
        for (int i : train) {
            for (int k = 0; k < hw; k++) {
                mean[k] += data.density()[i * hw + k] / train.length;
            }
        }
        float[] centre = new float[test.length * hw];
        for (int i = 0; i < test.length; i++) {
            System.arraycopy(mean, 0, centre, i * hw, hw);
        }
        double[] bias = evaluate(centre, data.rows(data.density(), test), data.rows(data.fixations(), test), test.length, hw, 1);
        Map<String, MeanStd> centreBias = new LinkedHashMap<>();
        for (int k = 0; k < METRICS.size(); k++) {
            centreBias.put(METRICS.get(k), MeanStd.of(bias[k]));
        }
        int first = test[0];
        return new Result(encoderSource, summary, centreBias, java.util.Arrays.copyOfRange(data.frames(), first * hw, (first + 1) * hw),
                java.util.Arrays.copyOfRange(data.density(), first * hw, (first + 1) * hw), example);
    }

    /** The mean over frames of each metric of predictions against densities and fixations. */
    private static double[] evaluate(float[] predicted, float[] density, float[] fixations, int n, int hw, long seed) {
        double[] sums = new double[METRICS.size()];
        for (int i = 0; i < n; i++) {
            float[] p = java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw);
            float[] gd = java.util.Arrays.copyOfRange(density, i * hw, (i + 1) * hw);
            float[] fx = java.util.Arrays.copyOfRange(fixations, i * hw, (i + 1) * hw);
            sums[0] += SaliencyMetrics.kl(p, gd) / n;
            sums[1] += SaliencyMetrics.cc(p, gd) / n;
            sums[2] += SaliencyMetrics.nss(p, fx) / n;
            sums[3] += SaliencyMetrics.sim(p, gd) / n;
            sums[4] += SaliencyMetrics.aucJudd(p, fx) / n;
            sums[5] += SaliencyMetrics.aucBorji(p, fx, 100, 0.1, seed * 1_000_003L + i) / n;
        }
        return sums;
    }

    /** Feature maps of frozen-encoder frames, flattened; {@code shape} receives [n, C, h, w]. */
    private static float[] featureMaps(Encoder encoder, float[] frames, int n, int size, long[] shape) {
        int hw = size * size;
        List<float[]> chunks = new ArrayList<>();
        try (GradMode off = GradMode.off()) {
            for (int start = 0; start < n; start += CHUNK) {
                int m = Math.min(CHUNK, n - start);
                try (MemoryScope scope = MemoryScope.open()) {
                    Var f = encoder.featureMaps(Var.constant(Tensor.of(java.util.Arrays.copyOfRange(frames, start * hw,
                            (start + m) * hw), m, 1, size, size))).getLast();
                    System.arraycopy(f.shape(), 1, shape, 1, 3);
                    chunks.add(f.value().contiguous().toFloatArray());
                }
            }
        }
        shape[0] = n;
        float[] out = new float[chunks.stream().mapToInt(c -> c.length).sum()];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }
}
