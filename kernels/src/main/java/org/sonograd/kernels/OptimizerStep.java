package org.sonograd.kernels;

/**
 * The hyper-parameters of one fused optimiser update ({@link OptimizerKernels}), already resolved
 * for this step: the learning rate after the schedule and group scale, and for Adam the step count t.
 */
public sealed interface OptimizerStep {
    /**
     * SGD as torch.optim.SGD: d = g + wd·θ; b = d on the first step, else μ·b + (1 − τ)·d;
     * d = d + μ·b (Nesterov) or b; θ = θ − lr·d. With μ = 0 there is no buffer.
     */
    record Sgd(double lr, double weightDecay, double momentum, double dampening, boolean nesterov, boolean firstStep)
            implements OptimizerStep {}

    /**
     * Adam / AdamW as torch.optim.Adam(W): g = g + wd·θ (Adam) or θ = θ·(1 − lr·wd) (AdamW);
     * m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; θ = θ − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε).
     */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled, long step)
            implements OptimizerStep {}
}
