package org.sonograd.ssl.model;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.layers.GroupNorm;
import org.sonograd.nn.functional.ConvFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * y = ReLU(GroupNorm(conv3×3(x, stride s, padding 1))): the unit of the per-frame CNN. The
 * convolution has no bias (the norm's β replaces it); its weight has PyTorch's default
 * initialisation (Kaiming uniform, a = √5).
 */
public final class ConvBlock extends Module {
    private final Parameter weight;
    private final GroupNorm norm;
    private final ConvOptions options;

    /** A block from {@code in} to {@code out} channels with the given stride. */
    public ConvBlock(long in, long out, int stride, int groups, RandomStream random) {
        this.weight = addParameter("weight", Tensor.empty(DType.F32, out, in, 3, 3));
        Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        this.norm = addModule("norm", new GroupNorm(groups, out));
        this.options = ConvOptions.of(2, stride, 1, 1, 1);
    }

    @Override
    public Var forward(Var x) {
        return norm.forward(ConvFunctions.conv2d(x, weight.var(), null, options)).relu();
    }
}
