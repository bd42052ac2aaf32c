package org.sonograd.io.sim;

import java.util.random.RandomGenerator;

/**
 * Random scatterer amplitudes fixed in tissue, on a polar grid: the lattice is the beam grid
 * (range step {@code dr}, one column per line) of the probe at a reference pose, so it is white
 * along the beam (as point scatterers are, at the carrier scale) and one beam width apart across.
 * A material point is mapped into that reference frame, to beam coordinates (r, u), and the
 * lattice of independent N(0,1) values is read by bilinear interpolation renormalised to unit
 * variance, {@code g = Σ w_k g_k / sqrt(Σ w_k²)}. When tissue or probe moves by a fraction of a
 * line the same scatterers are seen, so speckle decorrelates only as fast as things move.
 */
public final class ScattererField {
    /** Lattice side; a power of two so the wrap is a mask. */
    public static final int SIDE = 1024;
    private static final int MASK = SIDE - 1;

    private final float[] values = new float[SIDE * SIDE];
    private final Probe probe;
    private final ProbePose reference;
    private final double cos;
    private final double sin;
    private final double invDr;
    private final double lineScale;

    /**
     * A field drawn from {@code random} on the beam grid of {@code probe} at pose {@code reference},
     * with range step {@code dr} mm and {@code lines} lines.
     */
    public ScattererField(RandomGenerator random, Probe probe, ProbePose reference, double dr, int lines) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        this.probe = probe;
        this.reference = reference;
        this.cos = Math.cos(reference.angle());
        this.sin = Math.sin(reference.angle());
        this.invDr = 1 / dr;
        this.lineScale = lines / 2.0;
    }

    /** The unit-variance scatterer amplitude at material point (x, z) mm. */
    public float at(double x, double z) {
        double dx = x - reference.x();
        double dz = z - reference.z();
        double px = cos * dx - sin * dz;
        double pz = sin * dx + cos * dz;
        double r;
        double u;
        if (probe.type() == Probe.Type.LINEAR) {
            r = pz;
            u = 2 * px / probe.widthMm();
        } else {
            double zz = pz + probe.apexRadius();
            r = Math.sqrt(px * px + zz * zz) - probe.apexRadius();
            u = Math.atan2(px, zz) / probe.halfAngle();
        }
        double gr = r * invDr + SIDE / 4.0;
        double gl = (u + 1) * lineScale + SIDE / 4.0;
        double fr0 = Math.floor(gr);
        double fl0 = Math.floor(gl);
        float fr = (float) (gr - fr0);
        float fl = (float) (gl - fl0);
        int ir = (int) (long) fr0 & MASK;
        int il = (int) (long) fl0 & MASK;
        int ir1 = (ir + 1) & MASK;
        int il1 = (il + 1) & MASK;
        float w00 = (1 - fr) * (1 - fl);
        float w01 = (1 - fr) * fl;
        float w10 = fr * (1 - fl);
        float w11 = fr * fl;
        float v = w00 * values[ir * SIDE + il] + w01 * values[ir * SIDE + il1]
                + w10 * values[ir1 * SIDE + il] + w11 * values[ir1 * SIDE + il1];
        float norm = w00 * w00 + w01 * w01 + w10 * w10 + w11 * w11;
        return v / (float) Math.sqrt(norm);
    }
}
