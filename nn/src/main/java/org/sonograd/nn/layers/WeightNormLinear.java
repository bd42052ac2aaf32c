package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A bias-free linear layer with weight normalisation (Salimans &amp; Kingma, 2016), as
 * {@code torch.nn.utils.weight_norm(nn.Linear(in, out, bias=False))}: W = g · v / ‖v‖ row by row,
 * with parameters {@code weight_g} [out, 1] and {@code weight_v} [out, in]. DINO's last layer fills
 * g with 1 and freezes it ({@link #freezeScale()}), so that the outputs are cosine similarities to
 * the rows of v.
 */
public final class WeightNormLinear extends Module {
    private final Parameter scale;
    private final Parameter direction;

    /** v initialised like {@link Linear}'s weight, g = ‖v‖ row-wise (so W = v at the start, as in torch). */
    public WeightNormLinear(long in, long out, RandomStream random) {
        scale = addParameter("weight_g", Tensor.empty(DType.F32, out, 1));
        direction = addParameter("weight_v", Tensor.empty(DType.F32, out, in));
        Init.kaimingUniform(direction.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        try (MemoryScope temporaries = MemoryScope.open()) {
            Tensor v = direction.tensor();
            scale.tensor().assign(v.mul(v).sum(new int[] {1}, true).sqrt());
        }
    }

    /** g [out, 1]. */
    public Parameter scale() {
        return scale;
    }

    /** v [out, in]. */
    public Parameter direction() {
        return direction;
    }

    /** Sets g = 1 and stops its gradient (DINO's {@code norm_last_layer}). */
    public void freezeScale() {
        Init.constant(scale.tensor(), 1);
        scale.setRequiresGrad(false);
    }

    /** W = g · v / ‖v‖ (row-wise). */
    public Var weight() {
        Var v = direction.var();
        return v.mul(scale.var().div(v.mul(v).sum(new int[] {1}, true).sqrt()));
    }

    @Override
    public Var forward(Var x) {
        return LayerFunctions.linear(x, weight(), null);
    }
}
