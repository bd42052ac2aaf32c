package org.sonograd.ssl.recipe;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.data.AffineParams;
import org.sonograd.ssl.data.OrderClasses;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * The network of recipe 1: a siamese per-frame {@link FrameEncoder}, an OPN-style order head and an
 * affine-regression head.
 * <ul>
 *   <li>Order head (Lee et al., OPN, ICCV 2017): for each of the 6 frame pairs (i &lt; j) the
 *   features are concatenated, [f_i, f_j] → {@code pair} MLP (shared across pairs) → ReLU; the 6
 *   outputs are concatenated → {@code order} MLP → 12 logits.</li>
 *   <li>Transform head: the 4 frame features concatenated → {@code transform} MLP → 5 parameters.</li>
 * </ul>
 */
public final class ReorderTransformModel extends Module {
    private final FrameEncoder encoder;
    private final Mlp pair;
    private final Mlp order;
    private final Mlp transform;

    /** A model of base width {@code width}, norm groups {@code groups}, head width {@code hidden}. */
    public ReorderTransformModel(int width, int groups, int hidden, RandomStream random) {
        this.encoder = addModule("encoder", new FrameEncoder(width, groups, random));
        long f = encoder.features();
        this.pair = addModule("pair", new Mlp(2 * f, hidden, hidden, random));
        this.order = addModule("order", new Mlp(6L * hidden, hidden, OrderClasses.COUNT, random));
        this.transform = addModule("transform", new Mlp(4 * f, hidden, AffineParams.COUNT, random));
    }

    /** The per-frame encoder. */
    public FrameEncoder encoder() {
        return encoder;
    }

    /** Frame features [B, 4, F] of clips [B, 4, H, W]. */
    public Var frameFeatures(Var clips) {
        long b = clips.size(0);
        Var f = encoder.forward(clips.reshape(b * 4, 1, clips.size(2), clips.size(3)));
        return f.reshape(b, 4, encoder.features());
    }

    /** Order logits [B, 12] from frame features [B, 4, F]. */
    public Var orderLogits(Var features) {
        List<Var> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                Var both = Var.cat(List.of(features.select(1, i), features.select(1, j)), 1);
                pairs.add(pair.forward(both).relu());
            }
        }
        return order.forward(Var.cat(pairs, 1));
    }

    /** Normalised affine parameters [B, 5] from frame features [B, 4, F]. */
    public Var transformParams(Var features) {
        return transform.forward(features.flatten(1, 2));
    }

    /** The order logits [B, 12] of clips [B, 4, H, W]. */
    @Override
    public Var forward(Var clips) {
        return orderLogits(frameFeatures(clips));
    }
}
