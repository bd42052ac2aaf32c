package org.sonograd.ssl.model;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.ConvFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.nn.layers.GroupNorm;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * y = ReLU(GroupNorm(conv3×3×3(x, stride (1, s, s), padding 1))): the unit of {@link Cnn3dEncoder},
 * {@link ConvBlock} with a temporal axis that is never strided. No bias (the norm's β replaces it);
 * PyTorch's default initialisation (Kaiming uniform, a = √5).
 */
public final class Conv3dBlock extends Module {
    private final Parameter weight;
    private final GroupNorm norm;
    private final ConvOptions options;

    /** A block from {@code in} to {@code out} channels with spatial stride {@code stride}. */
    public Conv3dBlock(long in, long out, int stride, int groups, RandomStream random) {
        this.weight = addParameter("weight", Tensor.empty(DType.F32, out, in, 3, 3, 3));
        Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        this.norm = addModule("norm", new GroupNorm(groups, out));
        this.options = new ConvOptions(new int[] {1, stride, stride}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 1,
                new int[] {0, 0, 0});
    }

    /** Maps [N, out, T, H/s, W/s] of clips [N, in, T, H, W]. */
    @Override
    public Var forward(Var x) {
        return norm.forward(ConvFunctions.conv3d(x, weight.var(), null, options)).relu();
    }
}
