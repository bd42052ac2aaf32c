package org.sonograd.ssl.recipe;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.ssl.data.OrderClasses;
import org.sonograd.ssl.model.Mlp;
import org.sonograd.tensor.RandomStream;

/**
 * Recipe 1's OPN-style order head as a module of its own, for the recipes that add the order task
 * to another loss (recipe 2's auxiliary head, recipe 1's 3D variant): for each of the 6 item pairs
 * (i &lt; j) of features [B, 4, L], |f_i − f_j| → {@code pair} MLP (shared) → ReLU; the 6 outputs
 * concatenated → {@code order} MLP → 12 logits (see {@link ReorderTransformModel}).
 */
public final class OrderHead extends Module {
    private final Mlp pair;
    private final Mlp order;
    private final long width;

    /** A head over items of {@code width} features with hidden width {@code hidden}. */
    public OrderHead(long width, int hidden, RandomStream random) {
        this.width = width;
        this.pair = addModule("pair", new Mlp(width, hidden, hidden, random));
        this.order = addModule("order", new Mlp(6L * hidden, hidden, OrderClasses.COUNT, random));
    }

    /** Order logits [B, 12] of item features [B, 4, L]. */
    @Override
    public Var forward(Var features) {
        if (features.rank() != 3 || features.size(1) != 4 || features.size(2) != width) {
            throw new IllegalArgumentException("OrderHead: features " + java.util.Arrays.toString(features.shape())
                    + " must be [B, 4, " + width + "]");
        }
        List<Var> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                // |f_i − f_j|: the class (an order up to reversal) is fixed by which items are neighbours in time
                pairs.add(pair.forward(features.select(1, i).sub(features.select(1, j)).abs()).relu());
            }
        }
        return order.forward(Var.cat(pairs, 1));
    }
}
