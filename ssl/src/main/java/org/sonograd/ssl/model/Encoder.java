package org.sonograd.ssl.model;

import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;

/**
 * A per-frame encoder as transfer tasks see it, whatever recipe trained it: grey frames
 * [N, 1, H, W] in, pooled features [N, F] out ({@link #forward}), and the feature maps a
 * segmentation or saliency decoder reads ({@link #featureMaps}). Every recipe's transferable
 * encoder is one of these, so every task accepts every recipe's checkpoint.
 */
public abstract class Encoder extends Module {
    /** Width F of the pooled features. */
    public abstract int features();

    /**
     * The feature maps of frames [N, 1, H, W], finest first: map k is [N, {@code featureMapWidths()[k]}, H/s_k, W/s_k]
     * with strides s_k non-decreasing. An encoder without a pyramid (a ViT) returns one map.
     */
    public abstract List<Var> featureMaps(Var frames);

    /** The channel widths of {@link #featureMaps}, finest first. */
    public abstract long[] featureMapWidths();

    /**
     * The last stage of the encoder (its last residual stage, block or transformer block): what the
     * "fine-tune the last block and a new head" protocol unfreezes.
     */
    public abstract Module lastStage();

    /** Pooled features [N, F] of frames [N, 1, H, W]. */
    @Override
    public abstract Var forward(Var frames);
}
