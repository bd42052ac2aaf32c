package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * y = x·Wᵀ + b over the last dim of x, as {@code torch.nn.Linear}: {@code weight} [out, in],
 * {@code bias} [out]. PyTorch's default initialisation: W ~ U(±1/√in) (Kaiming uniform with
 * a = √5) and b ~ U(±1/√in).
 */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    /** A linear layer in F32, initialised from {@code random}. */
    public Linear(long in, long out, boolean bias, RandomStream random) {
        this.weight = addParameter("weight", Tensor.empty(DType.F32, out, in));
        Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        if (bias) {
            this.bias = addParameter("bias", Tensor.empty(DType.F32, out));
            double bound = 1 / Math.sqrt(in);
            Init.uniform(this.bias.tensor(), random, -bound, bound);
        } else {
            this.bias = null;
        }
    }

    /** W [out, in]. */
    public Parameter weight() {
        return weight;
    }

    /** b [out], or null without bias. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return LayerFunctions.linear(x, weight.var(), bias == null ? null : bias.var());
    }
}
