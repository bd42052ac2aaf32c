package org.sonograd.io.sim;

import java.util.function.DoubleUnaryOperator;

/**
 * Area-preserving contraction of a chamber and its wall (a beating heart, the left ventricle).
 * In normalised elliptic coordinates {@code q = (u/a)² + (v/b)²} about the chamber centre, the
 * cavity border moves from q = 1 at rest to q = s(t)²; a wall point keeps the area between it and
 * the cavity, {@code q_rest = q + (1 − s²)·w(q)}, so the wall thickens as the cavity shrinks. The
 * weight w is 1 up to the outer wall {@code q = wall²} and falls linearly to 0 at {@code 2·wall²}.
 * An optional regional defect reduces the motion of wall segments around angle {@code defectAngle}.
 */
public final class EllipticContraction implements Motion {
    private final double cx;
    private final double cz;
    private final double a;
    private final double b;
    private final double cos;
    private final double sin;
    private final double wallSq;
    private final DoubleUnaryOperator scale;
    private final double defectAngle;
    private final double defectStrength;

    /**
     * @param scale          s(t): cavity radius relative to rest (1 at rest; below 1 contracts, above expands)
     * @param wall           outer wall radius in units of the cavity radius (e.g. 1.4)
     * @param defectAngle    direction (radians, in the ellipse frame) of a hypokinetic segment
     * @param defectStrength 0 = none, 1 = that segment does not move
     */
    public EllipticContraction(double cx, double cz, double a, double b, double angle, double wall,
                               DoubleUnaryOperator scale, double defectAngle, double defectStrength) {
        this.cx = cx;
        this.cz = cz;
        this.a = a;
        this.b = b;
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
        this.wallSq = wall * wall;
        this.scale = scale;
        this.defectAngle = defectAngle;
        this.defectStrength = defectStrength;
    }

    @Override
    public void toRest(double t, double[] p) {
        double dx = p[0] - cx;
        double dz = p[1] - cz;
        double u = (cos * dx + sin * dz) / a;
        double v = (-sin * dx + cos * dz) / b;
        double q = u * u + v * v;
        if (q >= 2 * wallSq || q < 1e-12) {
            return;
        }
        double s = scale.applyAsDouble(t);
        if (defectStrength > 0) {
            double d = Math.cos(Math.atan2(v, u) - defectAngle);
            double weight = defectStrength * Math.max(0, d) * Math.max(0, d);
            s = s + (1 - s) * weight;
        }
        double w = q <= wallSq ? 1 : (2 * wallSq - q) / wallSq;
        double qRest = Math.max(1e-9, q + (1 - s * s) * w);
        double f = Math.sqrt(qRest / q);
        p[0] = cx + dx * f;
        p[1] = cz + dz * f;
    }

    /**
     * The cardiac cycle's contraction c(t) in [0, 1]: 0 at end-diastole (t = 0 mod period), 1 at
     * end-systole ({@code 0.35·period}), a smooth rise and a faster relaxation.
     */
    public static double cycle(double t, double period) {
        double ph = (t / period) % 1.0;
        if (ph < 0.35) {
            return 0.5 - 0.5 * Math.cos(Math.PI * ph / 0.35);
        }
        if (ph < 0.6) {
            return 0.5 + 0.5 * Math.cos(Math.PI * (ph - 0.35) / 0.25);
        }
        return 0;
    }
}
