package org.sonograd.nn.layers;

import java.util.Arrays;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * The patch (image) or tubelet (video) embedding of a vision transformer, as timm's and VideoMAE's
 * {@code PatchEmbed}: a convolution whose kernel equals its stride, flattened to tokens. Images
 * N×C×H×W with patches p×p give N×(H/p·W/p)×D; videos N×C×T×H×W with tubelets t×p×p give
 * N×(T/t·H/p·W/p)×D, tokens in (t, h, w) raster order. The parameters are {@code proj.weight}
 * [D, C, (t,) p, p] and {@code proj.bias} [D].
 *
 * <p>Because the patches do not overlap, the convolution is a matrix product: the input is cut
 * into patches by a reshape and a permute, and multiplied by the weight flattened to [D, C·t·p·p].
 */
public final class PatchEmbedding extends Module {
    private final Projection proj;

    /** An image embedding (kernel [p, p]) or a video embedding (kernel [t, p, p]) from C channels to D. */
    public PatchEmbedding(long channels, long dim, int[] kernel, RandomStream random) {
        if (kernel.length != 2 && kernel.length != 3) {
            throw new IllegalArgumentException("PatchEmbedding: kernel " + Arrays.toString(kernel)
                    + " must be [p, p] (images) or [t, p, p] (videos)");
        }
        proj = addModule("proj", new Projection(channels, dim, kernel, random));
    }

    /** The patch size per spatial (and temporal) dim. */
    public int[] kernel() {
        return proj.kernel.clone();
    }

    /** The number of tokens for an input of spatial (and temporal) size {@code size}. */
    public long tokens(long... size) {
        long n = 1;
        for (int i = 0; i < size.length; i++) {
            n *= size[i] / proj.kernel[i];
        }
        return n;
    }

    @Override
    public Var forward(Var input) {
        return proj.forward(input);
    }

    /** The convolution's parameters, named as torch's {@code proj}, and the patch-matmul forward. */
    private static final class Projection extends Module {
        private final int[] kernel;
        private final Parameter weight;
        private final Parameter bias;

        Projection(long channels, long dim, int[] kernel, RandomStream random) {
            this.kernel = kernel.clone();
            long[] shape = new long[kernel.length + 2];
            shape[0] = dim;
            shape[1] = channels;
            for (int i = 0; i < kernel.length; i++) {
                shape[i + 2] = kernel[i];
            }
            weight = addParameter("weight", Tensor.empty(DType.F32, shape));
            bias = addParameter("bias", Tensor.empty(DType.F32, dim));
            // torch.nn.Conv default: Kaiming uniform with a = √5 (bound 1/√fan_in), bias U(±1/√fan_in).
            Init.kaimingUniform(weight.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
            double bound = 1 / Math.sqrt(Init.fanIn(shape));
            Init.uniform(bias.tensor(), random, -bound, bound);
        }

        @Override
        public Var forward(Var x) {
            int k = kernel.length;
            long[] s = x.shape();
            long channels = weight.shape()[1];
            if (x.rank() != k + 2 || s[1] != channels) {
                throw new IllegalArgumentException("PatchEmbedding: input " + Arrays.toString(s) + " must be N×" + channels
                        + "×" + (k == 3 ? "T×H×W" : "H×W"));
            }
            // [N, C, g0, k0, g1, k1, (g2, k2)] with g = size / kernel.
            long[] split = new long[2 + 2 * k];
            split[0] = s[0];
            split[1] = channels;
            long tokens = 1;
            for (int i = 0; i < k; i++) {
                if (s[i + 2] % kernel[i] != 0) {
                    throw new IllegalArgumentException("PatchEmbedding: input " + Arrays.toString(s) + " dim " + (i + 2)
                            + " is not a multiple of the patch size " + kernel[i]);
                }
                split[2 + 2 * i] = s[i + 2] / kernel[i];
                split[3 + 2 * i] = kernel[i];
                tokens *= split[2 + 2 * i];
            }
            // → [N, g0, g1, (g2), C, k0, k1, (k2)]
            int[] order = new int[2 + 2 * k];
            order[0] = 0;
            for (int i = 0; i < k; i++) {
                order[1 + i] = 2 + 2 * i;
                order[2 + k + i] = 3 + 2 * i;
            }
            order[1 + k] = 1;
            long patch = weight.numel() / weight.shape()[0];
            Var patches = x.reshape(split).permute(order).reshape(s[0], tokens, patch);
            Var w = weight.var().reshape(weight.shape()[0], patch);
            return patches.matmul(w.transpose(0, 1)).add(bias.var());
        }
    }
}
