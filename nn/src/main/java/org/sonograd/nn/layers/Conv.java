package org.sonograd.nn.layers;

import java.util.Arrays;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.ConvFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A convolution layer, {@code torch.nn.Conv1d}, {@code Conv2d} or {@code Conv3d} by the length of
 * its kernel: {@code weight} [out, in/groups, k…] and an optional {@code bias} [out], with PyTorch's
 * default initialisation (Kaiming uniform with a = √5, i.e. U(±1/√fan_in), and bias U(±1/√fan_in)).
 */
public final class Conv extends Module {
    private final ConvOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /** A convolution from {@code in} to {@code out} channels with kernel {@code kernel} (1, 2 or 3 sizes). */
    public Conv(long in, long out, int[] kernel, ConvOptions options, boolean bias, RandomStream random) {
        if (kernel.length < 1 || kernel.length > 3 || options.dims() != kernel.length) {
            throw new IllegalArgumentException("Conv: kernel " + Arrays.toString(kernel) + " with " + options
                    + ": need 1 to 3 kernel sizes and as many option entries");
        }
        if (in % options.groups() != 0 || out % options.groups() != 0) {
            throw new IllegalArgumentException("Conv: " + in + " → " + out + " channels are not divisible by "
                    + options.groups() + " groups");
        }
        this.options = options;
        long[] shape = new long[kernel.length + 2];
        shape[0] = out;
        shape[1] = in / options.groups();
        for (int i = 0; i < kernel.length; i++) {
            shape[i + 2] = kernel[i];
        }
        this.weight = addParameter("weight", Tensor.empty(DType.F32, shape));
        Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        if (bias) {
            this.bias = addParameter("bias", Tensor.empty(DType.F32, out));
            double bound = 1 / Math.sqrt(Init.fanIn(shape));
            Init.uniform(this.bias.tensor(), random, -bound, bound);
        } else {
            this.bias = null;
        }
    }

    /** A bias-free convolution with the same stride and padding in every dim (the ResNet case). */
    public static Conv noBias(long in, long out, int[] kernel, int stride, int padding, RandomStream random) {
        return new Conv(in, out, kernel, ConvOptions.of(kernel.length, stride, padding, 1, 1), false, random);
    }

    /** The weight [out, in/groups, k…]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias [out], or null. */
    public Parameter bias() {
        return bias;
    }

    /** Stride, padding, dilation and groups. */
    public ConvOptions options() {
        return options;
    }

    @Override
    public Var forward(Var x) {
        Var b = bias == null ? null : bias.var();
        return switch (options.dims()) {
            case 1 -> ConvFunctions.conv1d(x, weight.var(), b, options);
            case 2 -> ConvFunctions.conv2d(x, weight.var(), b, options);
            default -> ConvFunctions.conv3d(x, weight.var(), b, options);
        };
    }
}
