package org.sonograd.io.sim;

/** A region of a phantom at rest, in millimetres (x lateral, z depth). */
@FunctionalInterface
public interface Region {
    /** Whether the rest-state point (x, z) lies inside. */
    boolean contains(double x, double z);
}
