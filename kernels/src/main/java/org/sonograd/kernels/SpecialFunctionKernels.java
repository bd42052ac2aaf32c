package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Special functions that have no exactly rounded vector form, evaluated in double precision per
 * element (F32 results are rounded once). Used by GELU.
 */
public final class SpecialFunctionKernels {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final long GRAIN = 1 << 14;

    private SpecialFunctionKernels() {}

    /** out = erf(x) over n contiguous F32 or F64 elements (absolute error below 1e-14). */
    public static void erf(DType dtype, long n, MemorySegment x, MemorySegment out) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("erf: dtype must be F32 or F64, got " + dtype);
        }
        Parallel.forEach(Parallel.chunks(n, GRAIN), c -> {
            long end = Math.min(n, (c + 1) * GRAIN);
            for (long i = c * GRAIN; i < end; i++) {
                Elements.writeDouble(out, dtype, i, erf(Elements.readDouble(x, dtype, i)));
            }
        });
    }

    /**
     * erf(x) = 2/√π Σ_n (−1)ⁿ x^{2n+1} / (n!(2n+1)) for |x| < 2.5 (Maclaurin series), and
     * 1 − erfc(x) with erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))) (Laplace's continued
     * fraction, 60 levels) for 2.5 ≤ |x| ≤ 6; ±1 beyond.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (Double.isNaN(x)) {
            return x;
        } else if (a < 2.5) {
            double x2 = a * a;
            double t = a;
            double s = a;
            for (int n = 1; n < 80; n++) {
                t *= -x2 / n;
                double term = t / (2 * n + 1);
                s += term;
                if (Math.abs(term) <= 1e-17 * Math.abs(s)) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * s;
        } else if (a > 6) {
            r = 1;
        } else {
            double f = a;
            for (int k = 60; k >= 1; k--) {
                f = a + (k / 2.0) / f;
            }
            r = 1 - VectorMath64.exp(-a * a) / (SQRT_PI * f);
        }
        return x < 0 ? -r : r;
    }
}
