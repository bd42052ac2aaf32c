package org.sonograd.nn.functional;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Functions;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.FusedBatchNorm;
import org.sonograd.tensor.Tensor;

/**
 * Batch, layer and group normalisation: y = (x − μ)/√(σ² + ε) · γ + β with biased variance over the
 * normalised dims. Layer and group norm (and batch norm in evaluation) are built from differentiable
 * ops (so second derivatives flow through μ and σ²); batch norm in training runs a fused kernel
 * forward and backward, and falls back to differentiable ops for the backward of its backward.
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
     * <p>Training runs the fused kernel ({@link FusedBatchNorm}): one task per channel, statistics
     * in a fixed order (the bits do not depend on the thread count), forward in three passes over x
     * and backward in two. When the backward is itself recorded (createGraph), the gradients are
     * instead built from differentiable ops, dx = k·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·γ, so
     * that they can be differentiated again.
     *
     * @param runningMean [C] buffer or null (training only; required in evaluation)
     * @param runningVar  [C] buffer or null (likewise)
     * @param weight      γ [C] or null
     * @param bias        β [C] or null
     */
    public static Var batchNorm(Var x, Tensor runningMean, Tensor runningVar, Var weight, Var bias,
                                boolean training, double momentum, double eps) {
        return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, false);
    }

    /**
     * relu(batchNorm(x, …)), the BN → ReLU of convolutional backbones, with the same arguments, running
     * statistics and values. In training the ReLU is fused into the batch norm's kernels: the forward
     * clamps while it writes y, and the backward gates ∂y by y &gt; 0 while it reads it, with no ReLU
     * tensor or pass of its own (the bits are those of the unfused pair). Under createGraph the
     * gradients are composed from differentiable ops, the gate as {@link Functions#reluBackward}.
     */
    public static Var batchNormRelu(Var x, Tensor runningMean, Tensor runningVar, Var weight, Var bias,
                                    boolean training, double momentum, double eps) {
        return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, true);
    }

    private static Var batchNorm(Var x, Tensor runningMean, Tensor runningVar, Var weight, Var bias,
                                 boolean training, double momentum, double eps, boolean relu) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: input " + Shapes.format(x.shape()) + " must be [N, C, …]");
        }
        long c = x.size(1);
        long[] channelShape = new long[x.rank()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        if (training) {
            int[] dims = java.util.stream.IntStream.range(0, x.rank()).filter(d -> d != 1).toArray();
            long count = Shapes.numel(x.shape()) / c;
            if (count < 2) {
                throw new IllegalArgumentException("batchNorm: training needs more than 1 value per channel, input "
                        + Shapes.format(x.shape()));
            }
            FusedBatchNorm.Forward fused = FusedBatchNorm.forward(x.value(), channels(weight, c), channels(bias, c), eps,
                    relu);
            if (runningMean != null && runningVar != null) {
                try (GradMode off = GradMode.off()) {
                    runningMean.assign(runningMean.mul(1 - momentum).add(fused.mean().mul(momentum)));
                    runningVar.assign(runningVar.mul(1 - momentum)
                            .add(fused.variance().mul(momentum * count / (count - 1.0))));
                }
            }
            return recordTrainingBatchNorm(x, weight, bias, fused, eps, relu, dims, channelShape);
        }
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("batchNorm: evaluation needs running mean and variance");
        }
        Var mean = Var.constant(runningMean.reshape(channelShape).to(x.dtype()));
        Var std = Var.constant(runningVar.reshape(channelShape).to(x.dtype()).add(eps).sqrt());
        Var y = affine(x.sub(mean).div(std), weight, bias, channelShape);
        return relu ? y.relu() : y;
    }

    /**
     * The graph node of a training batch norm computed by the fused kernel (with its ReLU when
     * {@code relu}). Its backward runs the fused backward kernel ({@link FusedBatchNorm#backward}: two
     * passes, ∂y gated by the output y &gt; 0 after a ReLU) when the gradient is not itself recorded;
     * under createGraph (GradMode on during the backward) it builds the same gradients from
     * differentiable ops instead (the gate by {@link Functions#reluBackward}, then
     * {@link #batchNormGradientsByComposition}), so that second derivatives (gradgradcheck,
     * look-ahead meta-gradients) flow through μ and σ².
     */
    private static Var recordTrainingBatchNorm(Var x, Var weight, Var bias, FusedBatchNorm.Forward fused, double eps,
                                               boolean relu, int[] dims, long[] channelShape) {
        List<Var> inputs = new ArrayList<>(List.of(x));
        if (weight != null) {
            inputs.add(weight);
        }
        if (bias != null) {
            inputs.add(bias);
        }
        long c = channelShape[1];
        return Graph.record(relu ? "batchNormRelu" : "batchNorm", fused.output(), (g, out) -> {
            Var[] grads; // dx, dγ, dβ
            if (GradMode.isEnabled()) {
                Var gated = relu ? Functions.reluBackward(g, out.value()) : g;
                grads = batchNormGradientsByComposition(gated, x, weight, bias, eps, dims, channelShape);
            } else {
                FusedBatchNorm.Gradients k = FusedBatchNorm.backward(g.value(), relu ? out.value() : null, x.value(),
                        fused.mean(), fused.invStd(), channels(weight, c), x.requiresGrad(),
                        weight != null && weight.requiresGrad(), bias != null && bias.requiresGrad());
                grads = new Var[] {constant(k.input(), x), constant(k.weight(), weight), constant(k.bias(), bias)};
            }
            List<Var> perInput = new ArrayList<>(List.of(grads[0]));
            if (weight != null) {
                perInput.add(grads[1]);
            }
            if (bias != null) {
                perInput.add(grads[2]);
            }
            return perInput.toArray(Var[]::new);
        }, inputs.toArray(Var[]::new));
    }

    /**
     * The gradients of training batch norm as differentiable ops (for double backward):
     * x̂ = (x − μ)·k, k = 1/√(σ² + ε), ĝ = g·γ;
     * dx = k·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), dγ = Σ g·x̂, dβ = Σ g (means and sums over N and the
     * spatial dims). Null for an input that needs no gradient.
     */
    private static Var[] batchNormGradientsByComposition(Var g, Var x, Var weight, Var bias, double eps, int[] dims,
                                                         long[] channelShape) {
        Var centred = x.sub(x.mean(dims, true));
        Var invStd = centred.mul(centred).mean(dims, true).add(eps).sqrt().reciprocal();
        Var xhat = centred.mul(invStd);
        Var gHat = weight == null ? g : g.mul(weight.reshape(channelShape));
        Var dx = !x.requiresGrad() ? null
                : gHat.sub(gHat.mean(dims, true)).sub(xhat.mul(gHat.mul(xhat).mean(dims, true))).mul(invStd);
        Var dWeight = weight == null || !weight.requiresGrad() ? null
                : g.mul(xhat).sum(dims, false).reshape(weight.shape());
        Var dBias = bias == null || !bias.requiresGrad() ? null : g.sum(dims, false).reshape(bias.shape());
        return new Var[] {dx, dWeight, dBias};
    }

    /** γ or β as a [C] tensor, or null. */
    private static Tensor channels(Var p, long c) {
        return p == null ? null : p.value().reshape(c);
    }

    /** A kernel's gradient as a constant in the shape of its input, or null. */
    private static Var constant(Tensor grad, Var input) {
        return grad == null ? null : Var.constant(grad.reshape(input.shape()));
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
