package org.sonograd.io.sim;

import java.util.random.RandomGenerator;

/**
 * Random scatterer amplitudes fixed in tissue: a periodic lattice of independent N(0,1) values with
 * spacing {@code spacingMm}, read at a tissue point (material coordinates) by bilinear interpolation
 * renormalised to unit variance, {@code g(p) = Σ w_k g_k / sqrt(Σ w_k²)}. The value moves
 * continuously with the tissue, so speckle decorrelates only as fast as the tissue moves.
 */
public final class ScattererField {
    /** Lattice side; a power of two so the wrap is a mask. */
    public static final int SIDE = 1024;
    private static final int MASK = SIDE - 1;

    private final float[] values = new float[SIDE * SIDE];
    private final double invSpacing;

    /** A field drawn from {@code random} with lattice spacing {@code spacingMm}. */
    public ScattererField(RandomGenerator random, double spacingMm) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        this.invSpacing = 1 / spacingMm;
    }

    /** The unit-variance scatterer amplitude at material point (x, z) mm. */
    public float at(double x, double z) {
        double gx = x * invSpacing;
        double gz = z * invSpacing;
        double fx0 = Math.floor(gx);
        double fz0 = Math.floor(gz);
        float fx = (float) (gx - fx0);
        float fz = (float) (gz - fz0);
        int ix = (int) (long) fx0 & MASK;
        int iz = (int) (long) fz0 & MASK;
        int ix1 = (ix + 1) & MASK;
        int iz1 = (iz + 1) & MASK;
        float w00 = (1 - fx) * (1 - fz);
        float w01 = fx * (1 - fz);
        float w10 = (1 - fx) * fz;
        float w11 = fx * fz;
        float v = w00 * values[iz * SIDE + ix] + w01 * values[iz * SIDE + ix1]
                + w10 * values[iz1 * SIDE + ix] + w11 * values[iz1 * SIDE + ix1];
        float norm = w00 * w00 + w01 * w01 + w10 * w10 + w11 * w11;
        return v / (float) Math.sqrt(norm);
    }
}
