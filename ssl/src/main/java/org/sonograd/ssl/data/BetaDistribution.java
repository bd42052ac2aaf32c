package org.sonograd.ssl.data;

import java.util.function.DoubleSupplier;

/**
 * Beta(a, b) variates from a stream of uniforms (e.g. {@link KeyedDraws#uniform()}, so a step's
 * draws are keyed by (seed, step)): X ~ Gamma(a), Y ~ Gamma(b), X/(X + Y) ~ Beta(a, b). Gamma
 * variates by Marsaglia and Tsang (ACM TOMS 2000) with normals by Box–Muller; shapes below 1 use
 * Gamma(a) = Gamma(a + 1)·U^{1/a}. Each call consumes a variable number of uniforms (rejection).
 */
public final class BetaDistribution {
    private final double a;
    private final double b;

    /** Beta with shapes {@code a}, {@code b} &gt; 0. */
    public BetaDistribution(double a, double b) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("BetaDistribution: shapes must be > 0, got a = " + a + ", b = " + b);
        }
        this.a = a;
        this.b = b;
    }

    /** The mean a/(a + b). */
    public double mean() {
        return a / (a + b);
    }

    /** The variance ab/((a + b)²(a + b + 1)). */
    public double variance() {
        double s = a + b;
        return a * b / (s * s * (s + 1));
    }

    /** One variate in [0, 1], drawn from {@code uniform} (numbers of [0, 1)). */
    public double sample(DoubleSupplier uniform) {
        double x = gamma(a, uniform);
        double y = gamma(b, uniform);
        return x + y > 0 ? x / (x + y) : (uniform.getAsDouble() < mean() ? 1 : 0);
    }

    /** A Gamma(shape, 1) variate. */
    static double gamma(double shape, DoubleSupplier uniform) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1)·U^{1/a}
            double u = openUniform(uniform);
            return gamma(shape + 1, uniform) * Math.pow(u, 1 / shape);
        }
        // d = a − 1/3, c = 1/√(9d); accept v = (1 + c·z)³ when ln U < z²/2 + d − d·v + d·ln v
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = normal(uniform);
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = openUniform(uniform);
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** A standard normal by Box–Muller: z = √(−2 ln U₁)·cos(2πU₂). */
    private static double normal(DoubleSupplier uniform) {
        double u1 = openUniform(uniform);
        double u2 = uniform.getAsDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniform of (0, 1): 1 − U with U of [0, 1). */
    private static double openUniform(DoubleSupplier uniform) {
        return 1 - uniform.getAsDouble();
    }
}
