package org.sonograd.nn.init;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Weight initialisers with PyTorch's formulas ({@code torch.nn.init}). Each fills a tensor in place
 * from a counter-based {@link RandomStream}, so a model's initial weights are a function of the
 * stream's seed and the order of the calls, whatever the thread count.
 *
 * <p>Fans follow {@code _calculate_fan_in_and_fan_out}: for a weight of shape
 * [out, in, k…], fan_in = in·∏k and fan_out = out·∏k.
 */
public final class Init {
    private Init() {}

    /** fan_in = size(1) · ∏ size(2…). */
    public static long fanIn(long[] shape) {
        checkFans("fanIn", shape);
        return shape[1] * receptiveField(shape);
    }

    /** fan_out = size(0) · ∏ size(2…). */
    public static long fanOut(long[] shape) {
        checkFans("fanOut", shape);
        return shape[0] * receptiveField(shape);
    }

    /** U[low, high). */
    public static void uniform(Tensor t, RandomStream random, double low, double high) {
        fill(t, () -> random.uniform(t.dtype(), low, high, t.shape()));
    }

    /** N(mean, std²). */
    public static void normal(Tensor t, RandomStream random, double mean, double std) {
        fill(t, () -> random.normal(t.dtype(), mean, std, t.shape()));
    }

    /** Every element = value. */
    public static void constant(Tensor t, double value) {
        fill(t, () -> Tensor.full(t.dtype(), value, t.shape()));
    }

    /** Kaiming/He uniform: U(−b, b), b = gain·√(3 / fan) (He et al., ICCV 2015). */
    public static void kaimingUniform(Tensor t, RandomStream random, double negativeSlope, FanMode mode,
                                      Nonlinearity nonlinearity) {
        double bound = nonlinearity.gain(negativeSlope) * Math.sqrt(3.0 / fan(t, mode));
        uniform(t, random, -bound, bound);
    }

    /** Kaiming/He normal: N(0, σ²), σ = gain / √fan. */
    public static void kaimingNormal(Tensor t, RandomStream random, double negativeSlope, FanMode mode,
                                     Nonlinearity nonlinearity) {
        double std = nonlinearity.gain(negativeSlope) / Math.sqrt(fan(t, mode));
        normal(t, random, 0, std);
    }

    /** Xavier/Glorot uniform: U(−b, b), b = gain·√(6 / (fan_in + fan_out)) (Glorot &amp; Bengio, 2010). */
    public static void xavierUniform(Tensor t, RandomStream random, double gain) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape())));
        uniform(t, random, -bound, bound);
    }

    /** Xavier/Glorot normal: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)). */
    public static void xavierNormal(Tensor t, RandomStream random, double gain) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape())));
        normal(t, random, 0, std);
    }

    /**
     * N(mean, std²) truncated to [a, b], by inverse transform as {@code torch.nn.init.trunc_normal_}:
     * u ~ U(Φ(α), Φ(β)) with α = (a − mean)/std, β = (b − mean)/std, then x = mean + std·Φ⁻¹(u),
     * clamped to [a, b] against rounding.
     */
    public static void truncNormal(Tensor t, RandomStream random, double mean, double std, double a, double b) {
        if (!(a < b) || !(std > 0)) {
            throw new IllegalArgumentException("truncNormal: need a < b and std > 0, got a=" + a + " b=" + b + " std=" + std);
        }
        double low = standardNormalCdf((a - mean) / std);
        double high = standardNormalCdf((b - mean) / std);
        fill(t, () -> {
            double[] u = random.uniform(DType.F64, low, high, t.shape()).toDoubleArray();
            for (int i = 0; i < u.length; i++) {
                u[i] = Math.clamp(mean + std * inverseStandardNormalCdf(u[i]), a, b);
            }
            return Tensor.of(u, t.rank() == 0 ? new long[] {1} : t.shape()).reshape(t.shape());
        });
    }

    // ---------------------------------------------------------------- helpers

    private static void fill(Tensor t, java.util.function.Supplier<Tensor> values) {
        try (MemoryScope scope = MemoryScope.open()) {
            t.assign(values.get());
        }
    }

    private static double fan(Tensor t, FanMode mode) {
        return mode == FanMode.FAN_IN ? fanIn(t.shape()) : fanOut(t.shape());
    }

    private static long receptiveField(long[] shape) {
        long r = 1;
        for (int i = 2; i < shape.length; i++) {
            r *= shape[i];
        }
        return r;
    }

    private static void checkFans(String op, long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out need at least 2 dims, got shape "
                    + Shapes.format(shape));
        }
    }

    /** Φ(x) = erfc(−x/√2)/2, with erfc from Numerical Recipes' Chebyshev fit (relative error &lt; 1.2e-7). */
    static double standardNormalCdf(double x) {
        double z = Math.abs(x / Math.sqrt(2));
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    /** Φ⁻¹(p) by Acklam's rational approximation (relative error &lt; 1.2e-9). */
    static double inverseStandardNormalCdf(double p) {
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00};
        final double tail = 0.02425;
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p < tail || p > 1 - tail) {
            double q = Math.sqrt(-2 * Math.log(p < tail ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < tail ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
