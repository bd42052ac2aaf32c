package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Comparison and input helpers for the emulation tests. */
final class Close {
    private Close() {}

    /** Fails unless |actual − expected| ≤ atol + rtol·|expected| everywhere (NaN must match NaN, ±∞ must be equal). */
    static void assertClose(String what, double[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a) : a == e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (atol " + atol + ", rtol " + rtol + ")");
            }
        }
    }

    static void assertClose(String what, double expected, float actual, double atol, double rtol) {
        assertClose(what, new double[] {expected}, new float[] {actual}, atol, rtol);
    }

    static float[] uniform(Random random, int n, double low, double high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return out;
    }

    static double[] widen(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    /** n rows of d values, each row scaled to unit L2 norm. */
    static float[] unitRows(Random random, int n, int d) {
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                double v = random.nextGaussian();
                out[i * d + k] = (float) v;
                norm += v * v;
            }
            for (int k = 0; k < d; k++) {
                out[i * d + k] = (float) (out[i * d + k] / Math.sqrt(norm));
            }
        }
        return out;
    }
}
