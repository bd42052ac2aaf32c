package org.sonograd.io.sim;

/**
 * A star-shaped region around (cx, cz): an ellipse with semi-axes (a, b) rotated by {@code angle},
 * whose normalised radius is modulated by Fourier harmonics and spikes,
 * {@code ρ(φ) = 1 + Σ_k c_k·cos(kφ + p_k) + s·max(0, cos(nφ))^8}. With no harmonics it is an ellipse;
 * harmonics make a lobulated or irregular outline, spikes a spiculated one.
 */
public final class Blob implements Region {
    private final double cx;
    private final double cz;
    private final double a;
    private final double b;
    private final double cos;
    private final double sin;
    private final double[] harmonics;
    private final double[] phases;
    private final double spikeAmplitude;
    private final int spikeCount;
    private final double reach;

    /** A general blob; {@code harmonics[k-1]} and {@code phases[k-1]} belong to harmonic k. */
    public Blob(double cx, double cz, double a, double b, double angle, double[] harmonics, double[] phases,
                double spikeAmplitude, int spikeCount) {
        this.cx = cx;
        this.cz = cz;
        this.a = a;
        this.b = b;
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
        this.harmonics = harmonics.clone();
        this.phases = phases.clone();
        this.spikeAmplitude = spikeAmplitude;
        this.spikeCount = spikeCount;
        double sum = 1 + spikeAmplitude;
        for (double h : harmonics) {
            sum += Math.abs(h);
        }
        this.reach = Math.max(a, b) * sum;
    }

    /** An ellipse. */
    public static Blob ellipse(double cx, double cz, double a, double b, double angle) {
        return new Blob(cx, cz, a, b, angle, new double[0], new double[0], 0, 0);
    }

    /** A circle. */
    public static Blob circle(double cx, double cz, double r) {
        return ellipse(cx, cz, r, r, 0);
    }

    @Override
    public boolean contains(double x, double z) {
        double dx = x - cx;
        double dz = z - cz;
        if (Math.abs(dx) > reach || Math.abs(dz) > reach) {
            return false;
        }
        double u = (cos * dx + sin * dz) / a;
        double v = (-sin * dx + cos * dz) / b;
        double q = u * u + v * v;
        if (harmonics.length == 0 && spikeAmplitude == 0) {
            return q <= 1;
        }
        double phi = Math.atan2(v, u);
        double rho = 1;
        for (int k = 0; k < harmonics.length; k++) {
            rho += harmonics[k] * Math.cos((k + 1) * phi + phases[k]);
        }
        if (spikeAmplitude > 0) {
            double c = Math.max(0, Math.cos(spikeCount * phi));
            double c2 = c * c;
            double c4 = c2 * c2;
            rho += spikeAmplitude * c4 * c4;
        }
        return q <= rho * rho;
    }
}
