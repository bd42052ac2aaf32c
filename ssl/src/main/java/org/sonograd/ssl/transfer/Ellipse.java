package org.sonograd.ssl.transfer;

import org.ejml.data.Complex_F64;
import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;

/**
 * An ellipse with centre (cx, cy), semi-axes a ≥ b and the angle of the a axis to x, and its
 * least-squares fit to boundary points.
 */
public record Ellipse(double cx, double cy, double a, double b, double angle) {

    /** Ramanujan's approximation of the perimeter: π·(3(a + b) − √((3a + b)(a + 3b))). */
    public double circumference() {
        return Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
    }

    /**
     * The direct least-squares ellipse fit of Fitzgibbon, Pilu and Fisher (TPAMI 1999) in the
     * numerically stable form of Halíř and Flusser (1998): minimise ‖D·θ‖² over the conic
     * θ = (A, B, C, D, E, F), A x² + B xy + C y² + D x + E y + F = 0, subject to 4AC − B² = 1. With
     * D₁ = [x², xy, y²], D₂ = [x, y, 1], S₁ = D₁ᵀD₁, S₂ = D₁ᵀD₂, S₃ = D₂ᵀD₂: T = −S₃⁻¹S₂ᵀ,
     * M = C₁⁻¹(S₁ + S₂T) with C₁ the constraint matrix, θ₁ the eigenvector of M with 4θ₀θ₂ − θ₁² &gt; 0,
     * θ₂ = Tθ₁. Points are first centred and scaled to unit RMS radius for conditioning. Linear algebra by EJML.
     */
    public static Ellipse fit(double[] x, double[] y) {
        int n = x.length;
        if (n < 6 || y.length != n) {
            throw new IllegalArgumentException("Ellipse.fit: need at least 6 points with x and y, got " + x.length + " and "
                    + y.length);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double r2 = 0;
        for (int i = 0; i < n; i++) {
            r2 += ((x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my)) / n;
        }
        double s = Math.sqrt(r2);
        SimpleMatrix d1 = new SimpleMatrix(n, 3);
        SimpleMatrix d2 = new SimpleMatrix(n, 3);
        for (int i = 0; i < n; i++) {
            double u = (x[i] - mx) / s;
            double v = (y[i] - my) / s;
            d1.set(i, 0, u * u);
            d1.set(i, 1, u * v);
            d1.set(i, 2, v * v);
            d2.set(i, 0, u);
            d2.set(i, 1, v);
            d2.set(i, 2, 1);
        }
        SimpleMatrix s1 = d1.transpose().mult(d1);
        SimpleMatrix s2 = d1.transpose().mult(d2);
        SimpleMatrix s3 = d2.transpose().mult(d2);
        SimpleMatrix t = s3.solve(s2.transpose()).negative();
        SimpleMatrix m = s1.plus(s2.mult(t));
        // C₁ = [[0, 0, 2], [0, −1, 0], [2, 0, 0]]
        SimpleMatrix c1 = new SimpleMatrix(new double[][] {{0, 0, 2}, {0, -1, 0}, {2, 0, 0}});
        SimpleEVD<SimpleMatrix> evd = c1.solve(m).eig();
        SimpleMatrix best = null;
        for (int i = 0; i < evd.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = evd.getEigenvalue(i);
            SimpleMatrix v = evd.getEigenVector(i);
            if (v == null || Math.abs(lambda.getImaginary()) > 1e-12 * Math.max(1, Math.abs(lambda.getReal()))) {
                continue;
            }
            // the ellipse condition 4AC − B² > 0 holds for exactly one eigenvector
            if (4 * v.get(0) * v.get(2) - v.get(1) * v.get(1) > 0) {
                best = v;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("Ellipse.fit: the " + n + " points admit no ellipse (degenerate or collinear)");
        }
        SimpleMatrix lin = t.mult(best);
        Ellipse unit = fromConic(best.get(0), best.get(1), best.get(2), lin.get(0), lin.get(1), lin.get(2));
        return new Ellipse(mx + s * unit.cx, my + s * unit.cy, s * unit.a, s * unit.b, unit.angle);
    }

    /**
     * The ellipse of a conic A x² + B xy + C y² + D x + E y + F = 0: the centre solves
     * [2A B; B 2C]·c = −[D; E]; with F₀ = F + (D cx + E cy)/2 the conic's value at the centre, the
     * semi-axes are √(−F₀/λᵢ) for the eigenvalues λᵢ of [A B/2; B/2 C], along their eigenvectors.
     */
    static Ellipse fromConic(double a, double b, double c, double d, double e, double f) {
        SimpleMatrix centre = new SimpleMatrix(new double[][] {{2 * a, b}, {b, 2 * c}})
                .solve(new SimpleMatrix(new double[][] {{-d}, {-e}}));
        double cx = centre.get(0);
        double cy = centre.get(1);
        double f0 = f + (d * cx + e * cy) / 2;
        SimpleEVD<SimpleMatrix> evd = new SimpleMatrix(new double[][] {{a, b / 2}, {b / 2, c}}).eig();
        double l0 = evd.getEigenvalue(0).getReal();
        double l1 = evd.getEigenvalue(1).getReal();
        double ax0 = Math.sqrt(-f0 / l0);
        double ax1 = Math.sqrt(-f0 / l1);
        if (!(ax0 > 0) || !(ax1 > 0)) {
            throw new IllegalArgumentException("Ellipse.fromConic: not a real ellipse (eigenvalues " + l0 + ", " + l1
                    + ", centre value " + f0 + ")");
        }
        int major = ax0 >= ax1 ? 0 : 1;
        SimpleMatrix v = evd.getEigenVector(major);
        return new Ellipse(cx, cy, Math.max(ax0, ax1), Math.min(ax0, ax1), Math.atan2(v.get(1), v.get(0)));
    }
}
