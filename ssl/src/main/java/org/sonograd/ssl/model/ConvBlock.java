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
 * y = ReLU(GroupNorm(conv(x))): the unit of the small CNN encoders, over frames ({@link #forFrames}: a
 * 3×3 convolution, stride s, padding 1) or over sub-clips ({@link #forClips}: 3×3×3, stride (1, s, s),
 * padding 1; time is never strided). The convolution has no bias (the norm's β replaces it); its weight
 * has PyTorch's default initialisation (Kaiming uniform, a = √5).
 */
public final class ConvBlock extends Module {
    private final Parameter weight;
    private final GroupNorm norm;
    private final ConvOptions options;

    private ConvBlock(long[] weightShape, ConvOptions options, int groups, RandomStream random) {
        this.weight = addParameter("weight", Tensor.empty(DType.F32, weightShape));
        Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        this.norm = addModule("norm", new GroupNorm(groups, weightShape[0]));
        this.options = options;
    }

    /** A 2D block from {@code in} to {@code out} channels with the given stride: [N, in, H, W] → [N, out, H/s, W/s]. */
    public static ConvBlock forFrames(long in, long out, int stride, int groups, RandomStream random) {
        return new ConvBlock(new long[] {out, in, 3, 3}, ConvOptions.of(2, stride, 1, 1, 1), groups, random);
    }

    /** A 3D block with spatial stride {@code stride}: [N, in, T, H, W] → [N, out, T, H/s, W/s]. */
    public static ConvBlock forClips(long in, long out, int stride, int groups, RandomStream random) {
        return new ConvBlock(new long[] {out, in, 3, 3, 3}, new ConvOptions(new int[] {1, stride, stride},
                new int[] {1, 1, 1}, new int[] {1, 1, 1}, 1, new int[] {0, 0, 0}), groups, random);
    }

    @Override
    public Var forward(Var x) {
        Var y = options.stride().length == 3 ? ConvFunctions.conv3d(x, weight.var(), null, options)
                : ConvFunctions.conv2d(x, weight.var(), null, options);
        return norm.forward(y).relu();
    }
}
