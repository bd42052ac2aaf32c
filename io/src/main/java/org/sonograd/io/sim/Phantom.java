package org.sonograd.io.sim;

import java.util.List;

/**
 * A 2-D acoustic phantom in millimetres: x lateral, z depth (down). It answers, at time t (seconds),
 * which tissue is at a point, and where that point's tissue sat at rest ("material coordinates"),
 * so scatterers stay fixed in moving tissue.
 */
public interface Phantom {
    /** The tissue table indexed by {@link #tissueAt}. */
    List<Tissue> tissues();

    /** The index into {@link #tissues()} of the tissue at (x, z) at time t. */
    int tissueAt(double x, double z, double t);

    /**
     * Writes into {@code out[0..1]} the rest position of the tissue found at (x, z) at time t.
     * The default is a static phantom (the identity).
     */
    default void materialPoint(double x, double z, double t, double[] out) {
        out[0] = x;
        out[1] = z;
    }

    /**
     * The tissue at (x, z) at time t, writing its rest point into {@code material}; one call instead
     * of {@link #tissueAt} plus {@link #materialPoint}.
     */
    default int sample(double x, double z, double t, double[] material) {
        materialPoint(x, z, t, material);
        return tissueAt(x, z, t);
    }
}
