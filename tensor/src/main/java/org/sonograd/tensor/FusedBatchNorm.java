package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.sonograd.kernels.BatchNormKernels;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;

/**
 * Tensor entry of the fused training-mode batch norm ({@link BatchNormKernels}) over [N, C, …]
 * (statistics per channel over N and every dim after C). No gradients are recorded here; the
 * autograd rule in {@code nn} builds on this.
 */
public final class FusedBatchNorm {
    private FusedBatchNorm() {}

    /**
     * The forward's output and per-channel statistics.
     *
     * @param output   y, the shape of x
     * @param mean     μ [C]
     * @param variance the biased variance σ² [C]
     * @param invStd   1/√(σ² + ε) [C]
     */
    public record Forward(Tensor output, Tensor mean, Tensor variance, Tensor invStd) {}

    /** ∂x (the shape of x), ∂γ [C], ∂β [C]; each null when it was not asked for. */
    public record Gradients(Tensor input, Tensor weight, Tensor bias) {}

    /**
     * y = (x − μ)/√(σ² + ε)·γ + β with the batch statistics, or max(0, y) with {@code relu} (the
     * ReLU in the same pass on the CPU; on CUDA a ReLU after the kernel).
     *
     * @param x      [N, C, …], F32 or F64
     * @param weight γ [C] or null
     * @param bias   β [C] or null
     */
    public static Forward forward(Tensor x, Tensor weight, Tensor bias, double eps, boolean relu) {
        DType t = checkInput("forward", x);
        long c = x.size(1);
        checkChannels("weight", weight, c);
        checkChannels("bias", bias, c);
        if (onCuda("batchNorm", x, weight, bias)) {
            Forward f = CudaTensorOps.batchNormForward(x, weight, bias, eps);
            if (!relu) {
                return f;
            }
            Tensor y = f.output().relu();
            f.output().release();
            return new Forward(y, f.mean(), f.variance(), f.invStd());
        }
        Tensor y = Tensor.empty(t, x.shapeRef());
        Tensor mean = Tensor.empty(t, c);
        Tensor variance = Tensor.empty(t, c);
        Tensor invStd = Tensor.empty(t, c);
        BatchNormKernels.forward(t, x.size(0), c, spatial(x), InfoNce.dense(x, t), dense(weight, t), dense(bias, t), eps,
                relu, InfoNce.dense(y, t), InfoNce.dense(mean, t), InfoNce.dense(variance, t), InfoNce.dense(invStd, t));
        return new Forward(y, mean, variance, invStd);
    }

    /**
     * The gradients of the forward at x with its saved mean and invStd, for the output gradient dy.
     * After a forward with ReLU, {@code gate} is its output y and dy counts only where y &gt; 0
     * (read in the kernel's passes on the CPU; on CUDA a ReLU backward before the kernel).
     *
     * @param gate   the output of a forward with ReLU, or null
     * @param weight γ [C] or null
     */
    public static Gradients backward(Tensor dy, Tensor gate, Tensor x, Tensor mean, Tensor invStd, Tensor weight,
                                     boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        DType t = checkInput("backward", x);
        if (!Arrays.equals(dy.shapeRef(), x.shapeRef())
                || gate != null && !Arrays.equals(gate.shapeRef(), x.shapeRef())) {
            throw new IllegalArgumentException("batchNorm backward: gradient " + Shapes.format(dy.shapeRef())
                    + (gate == null ? "" : " or ReLU gate " + Shapes.format(gate.shapeRef()))
                    + " does not match the input " + Shapes.format(x.shapeRef()));
        }
        long c = x.size(1);
        checkChannels("weight", weight, c);
        if (onCuda("batchNorm backward", dy, gate, x, mean, invStd, weight)) {
            Tensor g = gate == null ? dy : dy.reluBackward(gate);
            return CudaTensorOps.batchNormBackward(g, x, mean, invStd, weight, inputGrad, weightGrad, biasGrad);
        }
        Tensor dx = inputGrad ? Tensor.empty(t, x.shapeRef()) : null;
        Tensor dWeight = weightGrad ? Tensor.empty(t, c) : null;
        Tensor dBias = biasGrad ? Tensor.empty(t, c) : null;
        BatchNormKernels.backward(t, x.size(0), c, spatial(x), InfoNce.dense(dy, t), dense(gate, t), InfoNce.dense(x, t),
                InfoNce.dense(mean, t), InfoNce.dense(invStd, t), dense(weight, t), dense(dx, t), dense(dWeight, t),
                dense(dBias, t));
        return new Gradients(dx, dWeight, dBias);
    }

    /** True when the (non-null) operands are all on CUDA, false when all on the CPU, else an error naming both. */
    private static boolean onCuda(String op, Tensor... operands) {
        Tensor[] present = Arrays.stream(operands).filter(Objects::nonNull).toArray(Tensor[]::new);
        return DeviceChecks.same(op, present) == Device.CUDA;
    }

    private static DType checkInput(String op, Tensor x) {
        if (x.rank() < 2 || !x.dtype().isFloatingPoint() || x.numel() == 0) {
            throw new IllegalArgumentException("batchNorm " + op + ": input " + Shapes.format(x.shapeRef()) + " "
                    + x.dtype() + " must be a non-empty [N, C, …] of F32 or F64");
        }
        return x.dtype();
    }

    private static void checkChannels(String name, Tensor p, long c) {
        if (p != null && (p.rank() != 1 || p.size(0) != c)) {
            throw new IllegalArgumentException("batchNorm: " + name + " " + Shapes.format(p.shapeRef()) + " must be [" + c + "]");
        }
    }

    /** The product of the dims after C. */
    private static long spatial(Tensor x) {
        return x.numel() / (x.size(0) * x.size(1));
    }

    private static MemorySegment dense(Tensor p, DType t) {
        return p == null ? null : InfoNce.dense(p, t);
    }
}
