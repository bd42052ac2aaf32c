package org.sonograd.io.sim;

/**
 * Tissue motion as a map from a current point to its rest point ("material point"). Motions of a
 * phantom are applied in order; each receives the point the previous one produced.
 */
@FunctionalInterface
public interface Motion {
    /** Replaces {@code p[0..1]} (current position at time t) by the rest position. */
    void toRest(double t, double[] p);
}
