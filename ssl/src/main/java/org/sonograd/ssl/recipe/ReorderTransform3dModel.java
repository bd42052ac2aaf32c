package org.sonograd.ssl.recipe;

import java.util.Arrays;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.data.AffineParams;
import org.sonograd.ssl.model.Cnn3dEncoder;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * The 3D-CNN variant of recipe 1's network: the 4 items of a sample are sub-clips of
 * {@link Cnn3dEncoder#FRAMES} frames, each encoded by the shared {@link Cnn3dEncoder}; its last
 * feature map, averaged over time, gives the layout features (flattened, [4w·s·s]) of the
 * {@link OrderHead} and the pooled features ([4w]) of the transform head (concatenated → MLP → 5).
 */
public final class ReorderTransform3dModel extends Module implements ReorderTransformNet {
    private final Cnn3dEncoder encoder;
    private final OrderHead order;
    private final Mlp transform;
    private final long layout;

    /** A model of base width {@code width}, norm groups {@code groups}, head width {@code hidden}, frames of {@code side×side}. */
    public ReorderTransform3dModel(int width, int groups, int hidden, int side, RandomStream random) {
        this.encoder = addModule("encoder", new Cnn3dEncoder(width, groups, random));
        long f = encoder.features();
        // the same spatial strides in 2D and 3D
        long map = FrameEncoder.lastMapSide(side);
        this.layout = f * map * map;
        this.order = addModule("order", new OrderHead(layout, hidden, random));
        this.transform = addModule("transform", new Mlp(4 * f, hidden, AffineParams.COUNT, random));
    }

    @Override
    public Cnn3dEncoder encoder() {
        return encoder;
    }

    /** The time-averaged last feature maps [B·4, 4w, s, s] of sub-clips [B, 4, T, H, W]. */
    @Override
    public Var featureMaps(Var items) {
        if (items.rank() != 5 || items.size(1) != 4) {
            throw new IllegalArgumentException("ReorderTransform3dModel: items " + Arrays.toString(items.shape())
                    + " must be [B, 4, T, H, W]");
        }
        return encoder.clipFeatureMap(items.reshape(items.size(0) * 4, 1, items.size(2), items.size(3), items.size(4)));
    }

    @Override
    public Var pooled(Var maps) {
        return maps.mean(new int[] {2, 3}, false).reshape(maps.size(0) / 4, 4, encoder.features());
    }

    @Override
    public Var layout(Var maps) {
        return maps.reshape(maps.size(0) / 4, 4, layout);
    }

    @Override
    public Var orderLogits(Var features) {
        return order.forward(features);
    }

    @Override
    public Var transformParams(Var features) {
        return transform.forward(features.flatten(1, 2));
    }

    /** The order logits [B, 12] of sub-clips [B, 4, T, H, W]. */
    @Override
    public Var forward(Var items) {
        return orderLogits(layout(featureMaps(items)));
    }
}
