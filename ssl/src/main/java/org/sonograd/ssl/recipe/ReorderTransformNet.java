package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.data.AffineParams;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * Recipe 1's network, whatever the backbone: an encoder of the 4 items of each sample (frames for
 * the 2D backbone, sub-clips for the 3D one) whose last feature maps feed the order head (through
 * their layout features) and the transform head (through their pooled features). A backbone only
 * says how its items become feature maps ({@link #featureMaps}).
 *
 * @param <E> the encoder type
 */
public abstract class ReorderTransformNet<E extends Encoder> extends Module {
    private final E encoder;
    private final OrderHead order;
    private final Mlp transform;
    private final long layout;

    /**
     * Registers {@code encoder}, then builds the heads of width {@code hidden} for items of
     * {@code side×side} pixels (the same spatial strides in 2D and 3D: last map side ⌈side/8⌉).
     */
    protected ReorderTransformNet(E encoder, int hidden, int side, RandomStream random) {
        this.encoder = addModule("encoder", encoder);
        long f = encoder.features();
        long map = FrameEncoder.lastMapSide(side);
        this.layout = f * map * map;
        this.order = addModule("order", new OrderHead(layout, hidden, random));
        this.transform = addModule("transform", new Mlp(4 * f, hidden, AffineParams.COUNT, random));
    }

    /** The transferable encoder. */
    public E encoder() {
        return encoder;
    }

    /** Length F·s·s of one item's layout features, which the order head was built for. */
    protected long layoutFeatures() {
        return layout;
    }

    /** The last feature maps [B·4, F, s, s] of B samples of 4 items each, item-major. */
    public abstract Var featureMaps(Var items);

    /** Pooled item features [B, 4, F] of feature maps [B·4, F, s, s]: global average pooling. */
    public Var pooled(Var maps) {
        return maps.mean(new int[] {2, 3}, false).reshape(maps.size(0) / 4, 4, encoder.features());
    }

    /** Layout features [B, 4, F·s·s] of feature maps [B·4, F, s, s]: the maps flattened. */
    public Var layout(Var maps) {
        return maps.reshape(maps.size(0) / 4, 4, layout);
    }

    /** Pooled item features [B, 4, F] of B samples of 4 items. */
    public Var frameFeatures(Var items) {
        return pooled(featureMaps(items));
    }

    /** Order logits [B, 12] from layout features [B, 4, F·s·s]. */
    public Var orderLogits(Var features) {
        return order.forward(features);
    }

    /** Normalised affine parameters [B, 5] from pooled item features [B, 4, F]. */
    public Var transformParams(Var features) {
        return transform.forward(features.flatten(1, 2));
    }

    /** The order logits [B, 12] of B samples of 4 items. */
    @Override
    public Var forward(Var items) {
        return orderLogits(layout(featureMaps(items)));
    }
}
