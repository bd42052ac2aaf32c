package org.sonograd.nn.optim;

/**
 * A hyper-parameter as a function of the optimisation step (learning rate, weight decay, EMA
 * momentum, temperature). Being a pure function of the step, a schedule resumes exactly from a
 * checkpoint that stores only the step.
 */
@FunctionalInterface
public interface Schedule {
    /** The value at {@code step} (0-based). */
    double at(long step);

    /** The same value at every step. */
    static Schedule constant(double value) {
        return step -> value;
    }
}
