package org.sonograd.io.sim;

/**
 * Where the probe sits on the phantom: its face centre at (x, z) and its axis rotated by
 * {@code angle} radians; a probe-frame point p maps to the phantom point R(angle)·p + (x, z).
 */
public record ProbePose(double x, double z, double angle) {
    /** Writes the phantom point of probe-frame point (px, pz) into {@code out}. */
    public void toPhantom(double px, double pz, double[] out) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        out[0] = x + c * px + s * pz;
        out[1] = z - s * px + c * pz;
    }

    /** Linear interpolation between two poses. */
    public static ProbePose lerp(ProbePose a, ProbePose b, double w) {
        return new ProbePose(a.x + (b.x - a.x) * w, a.z + (b.z - a.z) * w, a.angle + (b.angle - a.angle) * w);
    }
}
