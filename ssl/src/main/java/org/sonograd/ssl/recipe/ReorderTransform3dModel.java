package org.sonograd.ssl.recipe;

import java.util.Arrays;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.Cnn3dEncoder;
import org.sonograd.tensor.RandomStream;

/**
 * The 3D-CNN variant of recipe 1's network: the 4 items of a sample are sub-clips of
 * {@link Cnn3dEncoder#FRAMES} frames, each encoded by the shared {@link Cnn3dEncoder}; its last
 * feature map, averaged over time, gives the layout features (flattened, [4w·s·s]) of the
 * {@link OrderHead} and the pooled features ([4w]) of the transform head (concatenated → MLP → 5).
 */
public final class ReorderTransform3dModel extends ReorderTransformNet<Cnn3dEncoder> {
    /** A model of base width {@code width}, norm groups {@code groups}, head width {@code hidden}, frames of {@code side×side}. */
    public ReorderTransform3dModel(int width, int groups, int hidden, int side, RandomStream random) {
        super(new Cnn3dEncoder(width, groups, random), hidden, side, random);
    }

    /** The time-averaged last feature maps [B·4, 4w, s, s] of sub-clips [B, 4, T, H, W]. */
    @Override
    public Var featureMaps(Var items) {
        if (items.rank() != 5 || items.size(1) != 4) {
            throw new IllegalArgumentException("ReorderTransform3dModel: items " + Arrays.toString(items.shape())
                    + " must be [B, 4, T, H, W]");
        }
        return encoder().clipFeatureMap(items.reshape(items.size(0) * 4, 1, items.size(2), items.size(3), items.size(4)));
    }
}
