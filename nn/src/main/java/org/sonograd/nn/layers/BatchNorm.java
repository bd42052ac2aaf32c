package org.sonograd.nn.layers;

import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Buffer;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.NormFunctions;
import org.sonograd.tensor.Tensor;

/**
 * Batch normalisation over [N, C, …] — {@code torch.nn.BatchNorm1d/2d/3d}, one class since the rule
 * is the same: y = (x − μ)/√(σ² + ε)·γ + β per channel. In training it uses the batch statistics and
 * updates {@code running_mean} and {@code running_var} with momentum 0.1 (the variance unbiased) and
 * counts {@code num_batches_tracked}; in evaluation it uses the running statistics. Parameters
 * {@code weight} (γ = 1) and {@code bias} (β = 0); ε = 1e-5, as PyTorch's defaults.
 */
public final class BatchNorm extends Module {
    private static final double MOMENTUM = 0.1;
    private static final double EPS = 1e-5;

    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;

    /** Batch norm over {@code channels} channels. */
    public BatchNorm(long channels) {
        weight = addParameter("weight", Tensor.ones(DType.F32, channels));
        bias = addParameter("bias", Tensor.zeros(DType.F32, channels));
        runningMean = addBuffer("running_mean", Tensor.zeros(DType.F32, channels));
        runningVar = addBuffer("running_var", Tensor.ones(DType.F32, channels));
        batchesTracked = addBuffer("num_batches_tracked", Tensor.zeros(DType.I64));
    }

    /** γ. */
    public Parameter weight() {
        return weight;
    }

    /** β. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        countBatch();
        return NormFunctions.batchNorm(x, runningMean.tensor(), runningVar.tensor(), weight.var(), bias.var(),
                isTraining(), MOMENTUM, EPS);
    }

    /**
     * relu(forward(x)) with the ReLU fused into the batch norm's kernels
     * ({@link NormFunctions#batchNormRelu}): the same values, statistics and gradients, without a
     * ReLU pass or tensor of its own.
     */
    public Var forwardRelu(Var x) {
        countBatch();
        return NormFunctions.batchNormRelu(x, runningMean.tensor(), runningVar.tensor(), weight.var(), bias.var(),
                isTraining(), MOMENTUM, EPS);
    }

    /** num_batches_tracked += 1 in training. */
    private void countBatch() {
        if (isTraining()) {
            try (GradMode off = GradMode.off()) {
                Tensor count = batchesTracked.tensor();
                count.assign(count.add(1));
            }
        }
    }
}
