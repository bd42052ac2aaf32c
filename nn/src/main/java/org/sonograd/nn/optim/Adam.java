package org.sonograd.nn.optim;

import java.util.List;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.OptimizerStep;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.OptimizerUpdates;
import org.sonograd.tensor.Tensor;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) as {@code torch.optim.Adam} (1.13), with L2 weight decay added to
 * the gradient; {@link AdamW} decouples the decay instead. For step t of a parameter:
 *
 * <pre>
 *   g = g + wd·θ                                   (Adam only)
 *   θ = θ·(1 − lr·wd)                              (AdamW only)
 *   m = β₁·m + (1 − β₁)·g
 *   v = β₂·v + (1 − β₂)·g²
 *   θ = θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * Slots: {@code exp_avg}, {@code exp_avg_sq} and the parameter's own {@code step} count. The update runs
 * as one fused pass ({@link OptimizerUpdates#adam}).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupledWeightDecay;

    /** Adam over {@code groups} (each group's weight decay is added to its gradients). */
    public Adam(List<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps) {
        this(groups, learningRate, beta1, beta2, eps, false);
    }

    Adam(List<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps, boolean decoupled) {
        super(groups, learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need 0 <= beta < 1 and eps >= 0, got betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupledWeightDecay = decoupled;
    }

    @Override
    protected final void update(String name, Parameter parameter, Tensor grad, double lr, double weightDecay) {
        Tensor theta = parameter.tensor();
        Tensor m = slot(name, "exp_avg");
        Tensor v = slot(name, "exp_avg_sq");
        Tensor stepSlot = slot(name, "step");
        if (m == null) {
            m = newSlot(name, "exp_avg", Tensor.zeros(theta.dtype(), theta.shape()).to(theta.device()));
            v = newSlot(name, "exp_avg_sq", Tensor.zeros(theta.dtype(), theta.shape()).to(theta.device()));
            stepSlot = newSlot(name, "step", Tensor.zeros(DType.I64));
        }
        long t = (long) stepSlot.item() + 1;
        stepSlot.assign(Tensor.scalar(DType.I64, t));
        OptimizerUpdates.adam(theta, grad, m, v,
                new OptimizerStep.Adam(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, t));
    }
}
