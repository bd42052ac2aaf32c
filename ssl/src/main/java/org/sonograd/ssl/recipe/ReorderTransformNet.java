package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.Encoder;

/**
 * What recipe 1 needs of its network, whatever the backbone: feature maps of the 4 items of each
 * sample (frames for the 2D backbone, sub-clips for the 3D one), the order head over their layout
 * features and the transform head over their pooled features.
 */
public interface ReorderTransformNet {
    /** The transferable encoder. */
    Encoder encoder();

    /** The last feature maps [B·4, F, s, s] of B samples of 4 items each, item-major. */
    Var featureMaps(Var items);

    /** Pooled item features [B, 4, F] of feature maps [B·4, F, s, s]: global average pooling. */
    Var pooled(Var maps);

    /** Layout features [B, 4, F·s·s] of feature maps [B·4, F, s, s]: the maps flattened. */
    Var layout(Var maps);

    /** Order logits [B, 12] from layout features [B, 4, F·s·s]. */
    Var orderLogits(Var features);

    /** Normalised affine parameters [B, 5] from pooled item features [B, 4, F]. */
    Var transformParams(Var features);

    /** Pooled item features [B, 4, F] of B samples of 4 items. */
    default Var frameFeatures(Var items) {
        return pooled(featureMaps(items));
    }
}
