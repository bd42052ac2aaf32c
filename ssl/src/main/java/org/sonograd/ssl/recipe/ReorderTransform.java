package org.sonograd.ssl.recipe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.config.ExperimentConfig.ReorderTransformConfig;
import org.sonograd.ssl.data.AffineParams;
import org.sonograd.ssl.data.AffineWarp;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.data.OrderClasses;
import org.sonograd.ssl.model.Cnn3dEncoder;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Recipe 1, {@code reorder-transform} (Jiao et al., "Self-Supervised Representation Learning for
 * Ultrasound Video", ISBI 2020). Each sample takes 4 frames t, t+g, t+2g, t+3g of a clip.
 * <ul>
 *   <li>Order correction: the frames are shuffled by one of the 12 {@link OrderClasses} (a
 *   permutation or its reverse, each with probability ½); L_order = cross-entropy of the 12 logits.</li>
 *   <li>Transformation prediction: one {@link AffineParams} transform, drawn per sample, warps all
 *   4 frames; L_trans = smooth-L1 between predicted and normalised parameters.</li>
 *   <li>{@code parallel}: the order input is shuffled only and the transform input is transformed
 *   only, both through the one shared encoder; {@code sequential}: one input, shuffled then
 *   transformed, feeds both heads.</li>
 * </ul>
 * Frames are warped whole and then centre-cropped to {@code data.crop}, so the sector outline does
 * not reveal the transform. L = w_order·L_order + w_trans·L_trans. Every draw of step s comes from {@link KeyedDraws}(seed, ·, s).
 * <p>Backbone ({@code model.arch}): {@code frame-cnn}, the 4 items are frames through the
 * per-frame CNN ({@link ReorderTransformModel}); {@code cnn3d}, the 4 items are sub-clips of
 * {@link Cnn3dEncoder#FRAMES} consecutive frames starting at t, t+g, t+2g, t+3g, through a small 3D
 * CNN ({@link ReorderTransform3dModel}); shuffling permutes the sub-clips, the frames inside one stay in order.
 */
public final class ReorderTransform implements Recipe {
    private final ReorderTransformNet<?> model;
    private final int itemFrames;
    private final Videos data;
    private final ReorderTransformConfig cfg;
    private final int batch;
    private final int gap;
    private final long seed;
    private final boolean parallel;
    private final int crop;

    /** The recipe over {@code data} with the hyper-parameters of {@code config}. */
    public ReorderTransform(ExperimentConfig config, Videos data) {
        this.cfg = config.reorderTransform();
        this.parallel = switch (cfg.variant()) {
            case "parallel" -> true;
            case "sequential" -> false;
            default -> throw new IllegalArgumentException("reorderTransform.variant '" + cfg.variant()
                    + "': choose parallel or sequential");
        };
        this.itemFrames = switch (config.model().arch()) {
            case "frame-cnn" -> 1;
            case "cnn3d" -> Cnn3dEncoder.FRAMES;
            default -> throw new IllegalArgumentException("reorder-transform: model.arch '" + config.model().arch()
                    + "': choose frame-cnn (per-frame 2D CNN) or cnn3d (3D CNN over sub-clips)");
        };
        this.data = data;
        this.batch = config.train().batch();
        // the 4 items span 3g + (frames per item − 1) + 1 frames
        this.gap = Math.max(1, Math.min(cfg.gap(), (data.frames() - itemFrames) / 3));
        if (data.frames() < 3 + itemFrames) {
            throw new IllegalArgumentException("reorder-transform: clips of " + data.frames() + " frames; "
                    + (3 + itemFrames) + " are needed");
        }
        this.seed = config.seed();
        this.crop = config.data().inputSize();
        RandomStream random = new RandomStream(config.seed());
        int width = config.model().width();
        int groups = config.model().groups();
        int hidden = config.model().hidden();
        this.model = itemFrames == 1
                ? new ReorderTransformModel(width, groups, hidden, crop, random)
                : new ReorderTransform3dModel(width, groups, hidden, crop, random);
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
        return data.size();
    }

    @Override
    public StepLoss loss(long step) {
        KeyedDraws d = KeyedDraws.of(seed, 0, step);
        int h = data.height();
        int w = data.width();
        int hw = crop * crop;
        int t = itemFrames;
        float[] orderInput = new float[batch * 4 * t * hw];
        float[] transformInput = parallel ? new float[batch * 4 * t * hw] : null;
        float[] targets = new float[batch * AffineParams.COUNT];
        int[] classes = new int[batch];
        for (int b = 0; b < batch; b++) {
            int clip = d.below(data.size());
            int start = d.below(data.frames() - 3 * gap - (t - 1));
            classes[b] = d.below(OrderClasses.COUNT);
            int[] perm = OrderClasses.permutation(classes[b], d.uniform() < 0.5);
            AffineParams a = AffineParams.draw(d, cfg.rotation(), cfg.scaleMin(), cfg.scaleMax(), cfg.shear(), cfg.translate());
            System.arraycopy(a.normalised(cfg.rotation(), cfg.scaleMin(), cfg.scaleMax(), cfg.shear(), cfg.translate()), 0,
                    targets, b * AffineParams.COUNT, AffineParams.COUNT);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < t; j++) {
                    float[] shuffled = data.normalisedFrame(clip, start + gap * perm[i] + j);
                    float[] inOrder = data.normalisedFrame(clip, start + gap * i + j);
                    int at = ((b * 4 + i) * t + j) * hw;
                    if (parallel) {
                        System.arraycopy(Videos.centreCrop(shuffled, h, w, crop), 0, orderInput, at, hw);
                        System.arraycopy(Videos.centreCrop(AffineWarp.warp(inOrder, h, w, a), h, w, crop), 0,
                                transformInput, at, hw);
                    } else {
                        System.arraycopy(Videos.centreCrop(AffineWarp.warp(shuffled, h, w, a), h, w, crop), 0,
                                orderInput, at, hw);
                    }
                }
            }
        }
        long[] shape = t == 1 ? new long[] {batch, 4, crop, crop} : new long[] {batch, 4, t, crop, crop};
        Var orderMaps = model.featureMaps(Var.constant(Tensor.of(orderInput, shape)));
        Var transformFeatures = parallel
                ? model.frameFeatures(Var.constant(Tensor.of(transformInput, shape)))
                : model.pooled(orderMaps);
        Var logits = model.orderLogits(model.layout(orderMaps));
        Var orderLoss = Losses.crossEntropy(logits, classes);
        Var transformLoss = Losses.smoothL1(model.transformParams(transformFeatures),
                Tensor.of(targets, batch, AffineParams.COUNT));
        Var total = orderLoss.mul(cfg.orderWeight()).add(transformLoss.mul(cfg.transformWeight()));
        Map<String, Var> parts = new LinkedHashMap<>();
        parts.put("order_ce", orderLoss);
        parts.put("transform_l1", transformLoss);
        parts.put("order_acc", Losses.scalar(Losses.accuracy(logits.value(), classes)));
        return new StepLoss(total, parts);
    }
}
