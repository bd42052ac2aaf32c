package org.sonograd.ssl.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.io.audio.Audio;
import org.sonograd.io.audio.LogMel;
import org.sonograd.io.audio.Narrator;
import org.sonograd.io.audio.VoiceActivity;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.Ema;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.config.ExperimentConfig.VideoSpeechConfig;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.data.OrderClasses;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Recipe 2, {@code video-speech} (Jiao et al., "Self-supervised Contrastive Video-Speech
 * Representation Learning for Ultrasound", MICCAI 2020). A sample is a window of 4 frames
 * (t, t+g, t+2g, t+3g) and the sonographer's narration over the same time span, as a log-mel
 * spectrogram (16 kHz, 25 ms windows, 10 ms hop, 64 bands; ours: averaged over 4 hops, i.e. 40 ms).
 * <ul>
 *   <li>Loss: cross-modal InfoNCE in both directions with cosine similarity and temperature τ,
 *   the other pairs of the batch as negatives: L = Σ_i w_i · ½(ℓ_i^{v→s} + ℓ_i^{s→v}).</li>
 *   <li>Affinity-aware negatives (ours): a_ij = cos(m_i − m̄, m_j − m̄) of the momentum video embeddings
 *   centred on the batch mean (uncentred, the embeddings of an untrained network are all alike, every
 *   negative looks false and the loss collapses to 0)
 *   (momentum encoder θ_m ← μθ_m + (1 − μ)θ, updated at the start of every step); a negative with
 *   a_ij &gt; threshold gets pair weight 1 − a_ij ({@code weight}) or 0 ({@code mask}).</li>
 *   <li>Self-paced pairs (ours): with λ_e = λ₀·growth^epoch, v_i = [ℓ_i &lt; λ] ({@code hard}) or
 *   max(0, 1 − ℓ_i/λ) ({@code soft}); w_i = v_i/Σ_j v_j. Easy pairs first, hard or unrelated speech later.</li>
 *   <li>Voice activity: windows whose fraction of speech hops is below {@code vadMin} are redrawn
 *   (up to 20 times).</li>
 *   <li>Optional order head ({@code orderWeight} &gt; 0): the window's 4 frames are fed shuffled by one
 *   of recipe 1's 12 {@link org.sonograd.ssl.data.OrderClasses} (drawn from stream 1, so the data draws
 *   are unchanged); the video embedding averages the frames, so it does not see the order; an
 *   {@link OrderHead} on the frames' layout features classifies it:
 *   L = L_InfoNCE + orderWeight·CE(order logits, class).</li>
 * </ul>
 */
public final class VideoSpeech implements Recipe {
    private static final int MEL_POOL = 4;
    private static final int REDRAWS = 20;
    private final VideoSpeechModel model;
    private final Videos data;
    private final VideoSpeechConfig cfg;
    private final List<float[]> mels = new ArrayList<>();   // per clip: [melFrames, 64], time-major
    private final List<boolean[]> speech = new ArrayList<>();
    private final int batch;
    private final int gap;
    private final int crop;
    private final long seed;
    private final int melWindow;
    private final int bands;

    /** The recipe over {@code data}; narration audio is synthesised once per clip. */
    public VideoSpeech(ExperimentConfig config, Videos data) {
        this.cfg = config.videoSpeech();
        check(cfg);
        this.data = data;
        this.batch = config.train().batch();
        this.gap = Math.max(1, Math.min(cfg.gap(), (data.frames() - 1) / 3));
        this.crop = config.data().inputSize();
        this.seed = config.seed();
        double fps = data.clip(0).fps();
        int hops = (int) Math.round((3 * gap + 1) / fps * 100);
        int window = Math.max(8, hops / MEL_POOL);
        int b = 0;
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int c = 0; c < data.size(); c++) {
            Audio audio = Narrator.narrate(data.clip(c));
            float[][] mel = LogMel.compute(audio);
            b = mel.length;
            int frames = mel[0].length / MEL_POOL;
            float[] pooled = new float[frames * b];
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < b; k++) {
                    float acc = 0;
                    for (int p = 0; p < MEL_POOL; p++) {
                        acc += mel[k][t * MEL_POOL + p];
                    }
                    pooled[t * b + k] = acc / MEL_POOL;
                    sum += pooled[t * b + k] / MEL_POOL;
                    sq += (double) pooled[t * b + k] * pooled[t * b + k] / MEL_POOL;
                    n++;
                }
            }
            mels.add(pooled);
            window = Math.min(window, frames);
            speech.add(VoiceActivity.detect(audio, 10, 8, 5));
        }
        if (window < 4) {
            throw new IllegalArgumentException("video-speech: the narration of a clip is " + window * MEL_POOL
                    + " hops of 10 ms; at least " + 4 * MEL_POOL + " are needed (longer clips: data.frames / data.fps)");
        }
        this.melWindow = window;
        this.bands = b;
        float mean = (float) (sum * MEL_POOL / n);
        float std = (float) Math.sqrt(Math.max(1e-12, sq * MEL_POOL / n - mean * (double) mean));
        for (float[] m : mels) {
            for (int i = 0; i < m.length; i++) {
                m[i] = (m[i] - mean) / std;
            }
        }
        this.model = new VideoSpeechModel(config.model().width(), config.model().groups(), config.model().hidden(), cfg.dim(),
                crop, cfg.orderWeight() > 0, new RandomStream(config.seed()));
    }

    private static void check(VideoSpeechConfig c) {
        if (!List.of("none", "weight", "mask").contains(c.affinity())) {
            throw new IllegalArgumentException("videoSpeech.affinity '" + c.affinity() + "': choose none, weight or mask");
        }
        if (!List.of("none", "hard", "soft").contains(c.selfPaced())) {
            throw new IllegalArgumentException("videoSpeech.selfPaced '" + c.selfPaced() + "': choose none, hard or soft");
        }
        if (c.orderWeight() < 0) {
            throw new IllegalArgumentException("videoSpeech.orderWeight " + c.orderWeight() + ": must be ≥ 0 (0 turns the order head off)");
        }
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public FrameEncoder encoder() {
        return model.encoder();
    }

    @Override
    public int clipsPerStep() {
        return batch;
    }

    @Override
    public int clipsPerEpoch() {
        return data.size();
    }

    /** Fraction of speech hops in [from, from + count) 10 ms hops. */
    private static double speechFraction(boolean[] flags, int from, int count) {
        int on = 0;
        for (int i = from; i < from + count && i < flags.length; i++) {
            on += flags[i] ? 1 : 0;
        }
        return (double) on / count;
    }

    @Override
    public StepLoss loss(long step) {
        Ema.update(model.momentum(), model.video(), cfg.momentum());
        KeyedDraws d = KeyedDraws.of(seed, 0, step);
        int h = data.height();
        int w = data.width();
        int hw = crop * crop;
        double fps = data.clip(0).fps();
        float[] video = new float[batch * 4 * hw];
        float[] audio = new float[batch * melWindow * bands];
        boolean order = model.orderHead() != null;
        KeyedDraws orderDraws = order ? KeyedDraws.of(seed, 1, step) : null;
        int[] classes = new int[batch];
        int redrawn = 0;
        for (int b = 0; b < batch; b++) {
            int clip = 0;
            int start = 0;
            int melStart = 0;
            for (int attempt = 0; attempt < REDRAWS; attempt++) {
                clip = d.below(data.size());
                start = d.below(data.frames() - 3 * gap);
                melStart = Math.min((int) Math.round(start / fps * 100 / MEL_POOL), mels.get(clip).length / bands - melWindow);
                if (!cfg.vad() || speechFraction(speech.get(clip), melStart * MEL_POOL, melWindow * MEL_POOL) >= cfg.vadMin()) {
                    break;
                }
                redrawn++;
            }
            int[] perm = {0, 1, 2, 3};
            if (order) {
                classes[b] = orderDraws.below(OrderClasses.COUNT);
                perm = OrderClasses.permutation(classes[b], orderDraws.uniform() < 0.5);
            }
            for (int i = 0; i < 4; i++) {
                float[] f = Videos.centreCrop(data.normalisedFrame(clip, start + gap * perm[i]), h, w, crop);
                System.arraycopy(f, 0, video, (b * 4 + i) * hw, hw);
            }
            System.arraycopy(mels.get(clip), melStart * bands, audio, b * melWindow * bands, melWindow * bands);
        }
        Var windows = Var.constant(Tensor.of(video, batch, 4, crop, crop));
        Var maps = order ? model.video().featureMaps(windows) : null;
        Var v = order ? model.video().embed(maps, batch) : model.forward(windows);
        Var s = model.audioEmbedding(Var.constant(Tensor.of(audio, batch, 1, melWindow, bands)));
        double[] mu = affinityWeights(video);
        Tensor pairWeights = mu == null ? null : Tensor.of(mu, batch, batch).to(v.dtype());
        double epoch = Math.floor((double) step * batch / data.size());
        double lambda = cfg.lambda0() * Math.pow(cfg.lambdaGrowth(), epoch);
        double[] perPair = pairLosses(v, s, mu);
        Var weights = null;
        double admitted = 1;
        if (!cfg.selfPaced().equals("none")) {
            double[] pace = new double[batch];
            double total = 0;
            for (int i = 0; i < batch; i++) {
                pace[i] = cfg.selfPaced().equals("hard") ? (perPair[i] < lambda ? 1 : 0) : Math.max(0, 1 - perPair[i] / lambda);
                total += pace[i];
            }
            int in = 0;
            for (int i = 0; i < batch; i++) {
                pace[i] = total > 0 ? pace[i] / total : 0;
                in += pace[i] > 0 ? 1 : 0;
            }
            admitted = (double) in / batch;
            weights = Var.constant(Tensor.of(pace, batch).to(v.dtype()));
        }
        Var loss = LossFunctions.crossModalInfoNce(v, s, cfg.temperature(), weights, pairWeights);
        Var orderLoss = null;
        Var logits = null;
        if (order) {
            logits = model.orderHead().forward(maps.reshape(batch, 4, maps.size(1) * maps.size(2) * maps.size(3)));
            orderLoss = Losses.crossEntropy(logits, classes);
            loss = loss.add(orderLoss.mul(cfg.orderWeight()));
        }
        double mean = 0;
        for (double l : perPair) {
            mean += l / batch;
        }
        Map<String, Var> parts = new LinkedHashMap<>();
        parts.put("pair_loss_mean", Losses.scalar(mean));
        parts.put("admitted", Losses.scalar(admitted));
        parts.put("lambda", Losses.scalar(lambda));
        parts.put("vad_redraws", Losses.scalar(redrawn));
        if (order) {
            parts.put("order_ce", orderLoss);
            parts.put("order_acc", Losses.scalar(Losses.accuracy(logits.value(), classes)));
        }
        return new StepLoss(loss, parts);
    }

    /** μ [B·B] from the momentum embeddings of the windows, or null when affinity is none. */
    private double[] affinityWeights(float[] video) {
        if (cfg.affinity().equals("none")) {
            return null;
        }
        double[] e;
        try (GradMode off = GradMode.off()) {
            Var m = model.momentum().forward(Var.constant(Tensor.of(video, batch, 4, crop, crop)));
            Var centred = m.sub(m.mean(new int[] {0}, true));
            e = LayerFunctions.normalize(centred, 1, 1e-12).value().contiguous().toDoubleArray();
        }
        int dim = e.length / batch;
        double[] mu = new double[batch * batch];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < batch; j++) {
                double a = 0;
                for (int k = 0; k < dim; k++) {
                    a += e[i * dim + k] * e[j * dim + k];
                }
                boolean falseNegative = i != j && a > cfg.affinityThreshold();
                mu[i * batch + j] = !falseNegative ? 1 : cfg.affinity().equals("mask") ? 0 : Math.clamp(1 - a, 0, 1);
            }
        }
        return mu;
    }

    /** ℓ_i = ½(ℓ_i^{v→s} + ℓ_i^{s→v}) of the current embeddings (no gradient), with pair weights μ. */
    private double[] pairLosses(Var video, Var speechEmb, double[] mu) {
        double[] v;
        double[] s;
        try (GradMode off = GradMode.off()) {
            v = LayerFunctions.normalize(video, 1, 1e-12).value().contiguous().toDoubleArray();
            s = LayerFunctions.normalize(speechEmb, 1, 1e-12).value().contiguous().toDoubleArray();
        }
        int dim = v.length / batch;
        double[] sim = new double[batch * batch];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < batch; j++) {
                double dot = 0;
                for (int k = 0; k < dim; k++) {
                    dot += v[i * dim + k] * s[j * dim + k];
                }
                sim[i * batch + j] = dot / cfg.temperature();
            }
        }
        double[] out = new double[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = 0.5 * (logSumExp(sim, mu, i, true) - sim[i * batch + i]) + 0.5 * (logSumExp(sim, mu, i, false) - sim[i * batch + i]);
        }
        return out;
    }

    /** log Σ_j μ·e^{S} over row i (video anchor) or column i (speech anchor, weights transposed). */
    private double logSumExp(double[] sim, double[] mu, int i, boolean row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < batch; j++) {
            max = Math.max(max, row ? sim[i * batch + j] : sim[j * batch + i]);
        }
        double acc = 0;
        for (int j = 0; j < batch; j++) {
            int at = row ? i * batch + j : j * batch + i;
            acc += (mu == null ? 1 : mu[at]) * Math.exp(sim[at] - max);
        }
        return max + Math.log(acc);
    }
}
