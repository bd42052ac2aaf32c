package org.sonograd.nn.optim;

/**
 * Step decay, as {@code torch.optim.lr_scheduler.StepLR}: value(s) = base · γ^⌊s / stepSize⌋.
 *
 * @param base     the value at step 0
 * @param gamma    the factor applied every {@code stepSize} steps
 * @param stepSize steps between decays (&gt; 0)
 */
public record StepDecay(double base, double gamma, long stepSize) implements Schedule {
    /** Checks stepSize &gt; 0. */
    public StepDecay {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepDecay: stepSize must be positive, got " + stepSize);
        }
    }

    @Override
    public double at(long step) {
        return base * Math.pow(gamma, Math.floorDiv(step, stepSize));
    }
}
