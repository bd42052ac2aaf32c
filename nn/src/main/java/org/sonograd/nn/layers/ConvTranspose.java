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
 * A transposed convolution layer, {@code torch.nn.ConvTranspose1d/2d/3d} by the kernel's length:
 * {@code weight} [in, out/groups, k…] and an optional {@code bias} [out]; PyTorch's default
 * initialisation (whose fan-in is computed from the weight's dim 1, as torch does).
 */
public final class ConvTranspose extends Module {
    private final ConvOptions options;
    private final Parameter weight;
    private final Parameter bias;

    /** A transposed convolution from {@code in} to {@code out} channels. */
    public ConvTranspose(long in, long out, int[] kernel, ConvOptions options, boolean bias, RandomStream random) {
        if (kernel.length < 1 || kernel.length > 3 || options.dims() != kernel.length) {
            throw new IllegalArgumentException("ConvTranspose: kernel " + Arrays.toString(kernel) + " with " + options
                    + ": need 1 to 3 kernel sizes and as many option entries");
        }
        this.options = options;
        long[] shape = new long[kernel.length + 2];
        shape[0] = in;
        shape[1] = out / options.groups();
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

    /** The weight [in, out/groups, k…]. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public Var forward(Var x) {
        Var b = bias == null ? null : bias.var();
        return switch (options.dims()) {
            case 1 -> ConvFunctions.convTranspose1d(x, weight.var(), b, options);
            case 2 -> ConvFunctions.convTranspose2d(x, weight.var(), b, options);
            default -> ConvFunctions.convTranspose3d(x, weight.var(), b, options);
        };
    }
}
