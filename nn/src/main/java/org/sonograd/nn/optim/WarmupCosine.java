package org.sonograd.nn.optim;

/**
 * Linear warm-up followed by cosine annealing (Goyal et al. 2017; Loshchilov &amp; Hutter, SGDR 2017),
 * with W = {@code warmupSteps} and T = {@code totalSteps}:
 *
 * <pre>
 *   s &lt; W:       start + (base − start)·s/W
 *   W ≤ s &lt; T:   final + ½(base − final)·(1 + cos(π·(s − W)/(T − W)))
 *   s ≥ T:       final
 * </pre>
 *
 * @param base        the value reached at the end of warm-up
 * @param warmupStart the value at step 0 (0 for a warm-up from zero)
 * @param finalValue  the value the cosine decays to
 * @param warmupSteps W
 * @param totalSteps  T (&gt; W)
 */
public record WarmupCosine(double base, double warmupStart, double finalValue, long warmupSteps, long totalSteps)
        implements Schedule {
    /** Checks 0 ≤ W &lt; T. */
    public WarmupCosine {
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("WarmupCosine: need 0 <= warmupSteps < totalSteps, got " + warmupSteps
                    + " and " + totalSteps);
        }
    }

    @Override
    public double at(long step) {
        if (step < warmupSteps) {
            return warmupStart + (base - warmupStart) * step / warmupSteps;
        }
        if (step >= totalSteps) {
            return finalValue;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return finalValue + 0.5 * (base - finalValue) * (1 + Math.cos(Math.PI * progress));
    }
}
