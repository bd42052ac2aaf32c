package org.sonograd.nn.functional;

import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Tensor;

/**
 * Batch, layer and group normalisation: y = (x − μ)/√(σ² + ε) · γ + β with biased variance over the
 * normalised dims, built from differentiable ops (so second derivatives flow through μ and σ²).
 */
public final class NormFunctions {
    private NormFunctions() {}

    /**
     * Batch norm over [N, C, …] (1d: [N, C] or [N, C, L]; 2d; 3d), statistics per channel over N and
     * the spatial dims. In training it normalises with the batch statistics and, when running buffers
     * are given, updates them in place without recording a gradient:
     * running ← (1 − momentum)·running + momentum·batch (the variance unbiased, as PyTorch). In
     * evaluation it uses the running statistics.
     *
     * @param runningMean [C] buffer or null (training only; required in evaluation)
     * @param runningVar  [C] buffer or null (likewise)
     * @param weight      γ [C] or null
     * @param bias        β [C] or null
     */
    public static Var batchNorm(Var x, Tensor runningMean, Tensor runningVar, Var weight, Var bias,
                                boolean training, double momentum, double eps) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: input " + Shapes.format(x.shape()) + " must be [N, C, …]");
        }
        long c = x.size(1);
        long[] channelShape = new long[x.rank()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        Var normalised;
        if (training) {
            int[] dims = java.util.stream.IntStream.range(0, x.rank()).filter(d -> d != 1).toArray();
            long count = Shapes.numel(x.shape()) / c;
            if (count < 2) {
                throw new IllegalArgumentException("batchNorm: training needs more than 1 value per channel, input "
                        + Shapes.format(x.shape()));
            }
            Var mean = x.mean(dims, true);
            Var centred = x.sub(mean);
            Var variance = centred.mul(centred).mean(dims, true);
            normalised = centred.div(variance.add(eps).sqrt());
            if (runningMean != null && runningVar != null) {
                try (GradMode off = GradMode.off()) {
                    runningMean.assign(runningMean.mul(1 - momentum).add(mean.value().reshape(c).mul(momentum)));
                    runningVar.assign(runningVar.mul(1 - momentum)
                            .add(variance.value().reshape(c).mul(momentum * count / (count - 1.0))));
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batchNorm: evaluation needs running mean and variance");
            }
            Var mean = Var.constant(runningMean.reshape(channelShape).to(x.dtype()));
            Var std = Var.constant(runningVar.reshape(channelShape).to(x.dtype()).add(eps).sqrt());
            normalised = x.sub(mean).div(std);
        }
        return affine(normalised, weight, bias, channelShape);
    }

    /** Layer norm over the last {@code normalizedDims} dims, with γ, β of those dims' shape (or null). */
    public static Var layerNorm(Var x, int normalizedDims, Var weight, Var bias, double eps) {
        if (normalizedDims < 1 || normalizedDims > x.rank()) {
            throw new IllegalArgumentException("layerNorm: cannot normalise the last " + normalizedDims + " dims of "
                    + Shapes.format(x.shape()));
        }
        int[] dims = java.util.stream.IntStream.range(x.rank() - normalizedDims, x.rank()).toArray();
        Var normalised = standardise(x, dims, eps);
        long[] affineShape = java.util.Arrays.copyOfRange(x.shape(), x.rank() - normalizedDims, x.rank());
        return affine(normalised, weight, bias, affineShape);
    }

    /** Group norm of [N, C, …] with C split into {@code groups} groups, γ, β per channel (or null). */
    public static Var groupNorm(Var x, int groups, Var weight, Var bias, double eps) {
        long n = x.size(0);
        long c = x.size(1);
        if (groups < 1 || c % groups != 0) {
            throw new IllegalArgumentException("groupNorm: " + c + " channels of " + Shapes.format(x.shape())
                    + " do not split into " + groups + " groups");
        }
        Var grouped = x.reshape(n, groups, -1);
        Var normalised = standardise(grouped, new int[] {2}, eps).reshape(x.shape());
        long[] channelShape = new long[x.rank()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        return affine(normalised, weight, bias, channelShape);
    }

    private static Var standardise(Var x, int[] dims, double eps) {
        Var centred = x.sub(x.mean(dims, true));
        Var variance = centred.mul(centred).mean(dims, true);
        return centred.div(variance.add(eps).sqrt());
    }

    private static Var affine(Var x, Var weight, Var bias, long[] shape) {
        Var y = weight == null ? x : x.mul(weight.reshape(shape));
        return bias == null ? y : y.add(bias.reshape(shape));
    }
}
