package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.data.AffineParams;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * The network of recipe 1: a siamese per-frame {@link FrameEncoder}, an OPN-style order head and an
 * affine-regression head.
 * <ul>
 *   <li>Order head (Lee et al., OPN, ICCV 2017): each frame's layout features l_i are its last feature
 *   map flattened, [4w·s·s] with s = ⌈side/8⌉ (OPN's fc features keep the spatial layout; pooled
 *   features would not show where the anatomy moved); for each of the 6 frame pairs (i &lt; j),
 *   |l_i − l_j| → a shared MLP → ReLU; the 6 outputs are concatenated → MLP → 12 logits ({@link OrderHead},
 *   {@code order}). Ours: OPN concatenates [l_i, l_j]; the elementwise distance
 *   suffices because a class (an order and its reverse) is fixed by which frames are neighbours in
 *   time, and it lets the head compare layouts from the first step.</li>
 *   <li>Transform head: the 4 pooled frame features concatenated → {@code transform} MLP → 5 parameters.</li>
 * </ul>
 */
public final class ReorderTransformModel extends Module implements ReorderTransformNet {
    private final FrameEncoder encoder;
    private final OrderHead order;
    private final Mlp transform;
    private final long layout;

    /**
     * A model of base width {@code width}, norm groups {@code groups} and head width {@code hidden}
     * for frames of {@code side×side} pixels.
     */
    public ReorderTransformModel(int width, int groups, int hidden, int side, RandomStream random) {
        this.encoder = addModule("encoder", new FrameEncoder(width, groups, random));
        long f = encoder.features();
        long map = FrameEncoder.lastMapSide(side);
        this.layout = f * map * map;
        this.order = addModule("order", new OrderHead(layout, hidden, random));
        this.transform = addModule("transform", new Mlp(4 * f, hidden, AffineParams.COUNT, random));
    }

    /** The per-frame encoder. */
    @Override
    public FrameEncoder encoder() {
        return encoder;
    }

    /** The last feature maps [B·4, 4w, s, s] of clips [B, 4, H, W], frame-major. */
    @Override
    public Var featureMaps(Var clips) {
        Var maps = encoder.featureMap(clips.reshape(clips.size(0) * 4, 1, clips.size(2), clips.size(3)));
        if (maps.size(1) * maps.size(2) * maps.size(3) != layout) {
            throw new IllegalArgumentException("ReorderTransformModel: clips " + java.util.Arrays.toString(clips.shape())
                    + " give feature maps " + java.util.Arrays.toString(maps.shape()) + ", not the " + layout
                    + " layout features the order head was built for");
        }
        return maps;
    }

    /** Pooled frame features [B, 4, 4w] of feature maps [B·4, 4w, s, s]: global average pooling. */
    @Override
    public Var pooled(Var maps) {
        return maps.mean(new int[] {2, 3}, false).reshape(maps.size(0) / 4, 4, encoder.features());
    }

    /** Layout features [B, 4, 4w·s·s] of feature maps [B·4, 4w, s, s]: the maps flattened. */
    @Override
    public Var layout(Var maps) {
        return maps.reshape(maps.size(0) / 4, 4, layout);
    }

    /** Pooled frame features [B, 4, 4w] of clips [B, 4, H, W]. */
    @Override
    public Var frameFeatures(Var clips) {
        return pooled(featureMaps(clips));
    }

    /** Order logits [B, 12] from layout features [B, 4, 4w·s·s]. */
    @Override
    public Var orderLogits(Var features) {
        return order.forward(features);
    }

    /** Normalised affine parameters [B, 5] from pooled frame features [B, 4, F]. */
    @Override
    public Var transformParams(Var features) {
        return transform.forward(features.flatten(1, 2));
    }

    /** The order logits [B, 12] of clips [B, 4, H, W]. */
    @Override
    public Var forward(Var clips) {
        return orderLogits(layout(featureMaps(clips)));
    }
}
