package org.sonograd.ssl.recipe;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.Adam;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.config.ExperimentConfig.MetaUsclConfig;
import org.sonograd.ssl.data.BetaDistribution;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.data.PositivePairs;
import org.sonograd.ssl.data.UsclAugmentation;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.transfer.Encoders;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Recipe 3, {@code meta-uscl} (Chen et al., "Generating and Weighting Semantically Consistent Sample
 * Pairs for Ultrasound Contrastive Learning", IEEE TMI 2023), and its ablation {@code uscl} (Chen et
 * al., MICCAI 2021). Per step, {@code train.batch} distinct training videos give one positive pair
 * each ({@link PositivePairs}: Beta(3, 5) mixing of ordered frames for meta-uscl, Beta(0.5, 0.5)
 * mixing with a shared frame for uscl), each view augmented by {@link UsclAugmentation}; the loss is
 * NT-Xent with cosine similarity and τ = 0.5:
 * <ul>
 *   <li>uscl: the mean over the 2N anchors;</li>
 *   <li>meta-uscl: Σ_i w_i ℓ_i with w_i from the weighting network, trained by
 *   {@link MetaLookahead}'s second-order look-ahead on a meta batch from videos held out of training
 *   (⌈metaFraction·V⌉ videos evenly spaced over the set).</li>
 * </ul>
 * Main optimiser: SGD, momentum 0.9, weight decay {@code train.weightDecay} on every parameter
 * (torch's SGD), learning rate from the trainer's warm-up–cosine schedule; the look-ahead reads the
 * current rate from the optimiser. Draws of step s come from streams 0 (videos, frames, mixing), 1
 * (training augmentation) and 2 (meta batch) keyed by (seed, s).
 */
public final class MetaUscl implements Recipe {
    private final MetaUsclModel model;
    private final Videos data;
    private final MetaUsclConfig cfg;
    private final boolean meta;
    private final int[] trainVideos;
    private final int[] metaVideos;
    private final PositivePairs pairs;
    private final UsclAugmentation augmentation;
    private final int batch;
    private final int metaBatch;
    private final int size;
    private final long seed;
    private final Adam weightingOptimizer;
    private Sgd sgd;

    /** The recipe {@code config.recipe()} ({@code meta-uscl} or {@code uscl}) over {@code data}. */
    public MetaUscl(ExperimentConfig config, Videos data) {
        this.cfg = config.metaUscl();
        this.meta = switch (config.recipe()) {
            case "meta-uscl" -> true;
            case "uscl" -> false;
            default -> throw new IllegalArgumentException("MetaUscl: recipe '" + config.recipe() + "' is neither meta-uscl nor uscl");
        };
        this.data = data;
        this.seed = config.seed();
        this.size = config.data().inputSize();
        int held = meta ? (int) Math.ceil(cfg.metaFraction() * data.size()) : 0;
        int trained = data.size() - held;
        this.batch = config.train().batch();
        if (batch < 2 || batch > trained || (meta && held < 2)) {
            throw new IllegalArgumentException(config.recipe() + ": train.batch " + batch + " must be in [2, " + trained
                    + "] (the training videos) and the held-out videos (" + held + ", metaUscl.metaFraction "
                    + cfg.metaFraction() + " of " + data.size() + ") at least 2");
        }
        this.metaVideos = evenlySpaced(held, data.size());
        this.trainVideos = IntStream.range(0, data.size())
                .filter(v -> Arrays.binarySearch(metaVideos, v) < 0).toArray();
        this.metaBatch = Math.min(cfg.metaBatch(), held);
        this.pairs = meta ? new PositivePairs(PositivePairs.Mode.META, new BetaDistribution(cfg.mixA(), cfg.mixB()))
                : new PositivePairs(PositivePairs.Mode.USCL, new BetaDistribution(cfg.usclMix(), cfg.usclMix()));
        this.augmentation = augmentation(cfg, size);
        Encoder encoder = Encoders.create(config.model(), seed);
        this.model = new MetaUsclModel(encoder, cfg.dim(), meta ? cfg.weightingHidden() : 0,
                new RandomStream(seed * 0x9E3779B97F4A7C15L + 0x5851F42D4C957F2DL));
        this.weightingOptimizer = meta
                ? new Adam(List.of(ParamGroup.of(model.weightingParameters(), 0)), cfg.weightingLr(), 0.9, 0.999, 1e-8)
                : null;
    }

    /** The augmentation of {@code cfg} at output side {@code size}. */
    public static UsclAugmentation augmentation(MetaUsclConfig cfg, int size) {
        return new UsclAugmentation(size, cfg.cropScaleMin(), cfg.cropRatioMin(), cfg.cropRatioMax(), cfg.brightness(),
                cfg.contrast(), cfg.mean(), cfg.std());
    }

    /** {@code count} of the videos 0 … n − 1, evenly spaced: ⌊(j + ½)·n/count⌋ (so a folder source's held-out set spans its classes). */
    private static int[] evenlySpaced(int count, int n) {
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            out[j] = (int) Math.floor((j + 0.5) * n / count);
        }
        return out;
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public Encoder encoder() {
        return model.encoder();
    }

    @Override
    public int clipsPerStep() {
        return batch;
    }

    @Override
    public int clipsPerEpoch() {
        return trainVideos.length;
    }

    /** SGD with momentum {@code metaUscl.momentum} and L2 weight decay over the encoder and the projection. */
    @Override
    public Optimizer createOptimizer(ExperimentConfig.TrainConfig train) {
        sgd = new Sgd(model.trainedParameters(), train.lr(), cfg.momentum(), train.weightDecay(), false);
        return sgd;
    }

    /** The weighting network's Adam ({@code weighting}), for meta-uscl. */
    @Override
    public Map<String, Optimizer> auxiliaryOptimizers() {
        return meta ? Map.of("weighting", weightingOptimizer) : Map.of();
    }

    @Override
    public StepLoss loss(long step) {
        if (sgd == null) {
            throw new IllegalStateException("MetaUscl: createOptimizer must be called before the first step");
        }
        KeyedDraws d = KeyedDraws.of(seed, 0, step);
        KeyedDraws aug = KeyedDraws.of(seed, 1, step);
        int h = data.height();
        int w = data.width();
        int hw = size * size;
        float[] first = new float[batch * hw];
        float[] second = new float[batch * hw];
        int[] videos = distinct(trainVideos, batch, d);
        for (int b = 0; b < batch; b++) {
            int v = videos[b];
            PositivePairs.Pair p = pairs.draw(data.frames(), t -> data.clip(v).frame(t), d);
            System.arraycopy(augmentation.apply(p.first(), h, w, aug), 0, first, b * hw, hw);
            System.arraycopy(augmentation.apply(p.second(), h, w, aug), 0, second, b * hw, hw);
        }
        Var x1 = Var.constant(Tensor.of(first, batch, 1, size, size));
        Var x2 = Var.constant(Tensor.of(second, batch, 1, size, size));
        Map<String, Var> parts = new LinkedHashMap<>();
        if (!meta) {
            Var z = model.forward(Var.cat(List.of(x1, x2), 0));
            Var loss = LossFunctions.ntXent(z.slice(0, 0, batch, 1), z.slice(0, batch, 2L * batch, 1), cfg.temperature(),
                    null, null);
            return new StepLoss(loss, parts);
        }
        KeyedDraws md = KeyedDraws.of(seed, 2, step);
        float[] meta1 = new float[metaBatch * hw];
        float[] meta2 = new float[metaBatch * hw];
        int[] heldOut = distinct(metaVideos, metaBatch, md);
        for (int b = 0; b < metaBatch; b++) {
            float[] frame = data.clip(heldOut[b]).frame(md.below(data.frames()));
            System.arraycopy(augmentation.apply(frame, h, w, md), 0, meta1, b * hw, hw);
            System.arraycopy(augmentation.apply(frame, h, w, md), 0, meta2, b * hw, hw);
        }
        MetaLookahead.Outcome o = MetaLookahead.step(model, sgd, weightingOptimizer, x1, x2,
                Var.constant(Tensor.of(meta1, metaBatch, 1, size, size)), Var.constant(Tensor.of(meta2, metaBatch, 1, size, size)),
                cfg.temperature());
        double max = 0;
        double min = 1;
        for (double x : o.weights()) {
            max = Math.max(max, x * batch);
            min = Math.min(min, x * batch);
        }
        parts.put("meta_loss", Losses.scalar(o.metaLoss()));
        parts.put("weight_max", Losses.scalar(max));
        parts.put("weight_min", Losses.scalar(min));
        return new StepLoss(o.loss(), parts);
    }

    /** {@code count} distinct entries of {@code from}, uniformly (a partial Fisher–Yates shuffle). */
    private static int[] distinct(int[] from, int count, KeyedDraws d) {
        int[] pool = from.clone();
        for (int i = 0; i < count; i++) {
            int j = i + d.below(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return Arrays.copyOf(pool, count);
    }
}
