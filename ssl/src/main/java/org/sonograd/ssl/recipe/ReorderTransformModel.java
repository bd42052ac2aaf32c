package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.FrameEncoder;
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
public final class ReorderTransformModel extends ReorderTransformNet<FrameEncoder> {
    /**
     * A model of base width {@code width}, norm groups {@code groups} and head width {@code hidden}
     * for frames of {@code side×side} pixels.
     */
    public ReorderTransformModel(int width, int groups, int hidden, int side, RandomStream random) {
        super(new FrameEncoder(width, groups, random), hidden, side, random);
    }

    /** The last feature maps [B·4, 4w, s, s] of clips [B, 4, H, W], frame-major. */
    @Override
    public Var featureMaps(Var clips) {
        Var maps = encoder().featureMap(clips.reshape(clips.size(0) * 4, 1, clips.size(2), clips.size(3)));
        if (maps.size(1) * maps.size(2) * maps.size(3) != layoutFeatures()) {
            throw new IllegalArgumentException("ReorderTransformModel: clips " + java.util.Arrays.toString(clips.shape())
                    + " give feature maps " + java.util.Arrays.toString(maps.shape()) + ", not the " + layoutFeatures()
                    + " layout features the order head was built for");
        }
        return maps;
    }
}
