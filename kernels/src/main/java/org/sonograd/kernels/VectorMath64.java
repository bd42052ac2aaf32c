package org.sonograd.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The F64 counterparts of {@link VectorMath}: exp, expm1, log, log1p, tanh and sigmoid over double
 * lanes, each with a scalar twin that performs the same IEEE operations in the same order. Same
 * algorithms, with double constants: a Taylor polynomial of degree 13 for expm1 on |r| ≤ ln2/2 and
 * fdlibm's degree-14 (in s) minimax polynomial for log.
 *
 * <p>Accuracy against the correctly rounded result (measured by {@code VectorMathTest}): exp,
 * expm1, log and log1p within 1 ulp, sigmoid within 2, tanh within 3.
 */
final class VectorMath64 {
    /** 1.5 · 2⁵²: adding it to |v| &lt; 2⁵¹ rounds v to an integer held in the low mantissa bits. */
    private static final double MAGIC = 0x1.8p52;
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
    private static final double LOG2E = 1.4426950408889634;
    /** fdlibm's ln 2 split: LN2_HI has 32 trailing zero bits, so k · LN2_HI is exact for |k| &lt; 2²⁰. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** exp(x) is +inf above and 0 below these. */
    private static final double EXP_MAX = 710;
    private static final double EXP_MIN = -746;
    /** expm1(x) rounds to −1 below this. */
    private static final double EXPM1_MIN = -40;
    /** Above this, 2ᵏ − 1 is no longer exact and expm1(x) = exp(x) in double. */
    private static final double EXPM1_EXP_PATH_K = 53;
    /** tanh(x) rounds to ±1 beyond this. */
    private static final double TANH_SATURATION = 20;
    /** Taylor coefficients 1/n! of expm1(r) = r + r²·(1/2 + r/6 + ... + r¹¹/13!). */
    private static final double C13 = 1.0 / 6227020800.0;
    private static final double C12 = 1.0 / 479001600.0;
    private static final double C11 = 1.0 / 39916800.0;
    private static final double C10 = 1.0 / 3628800.0;
    private static final double C9 = 1.0 / 362880.0;
    private static final double C8 = 1.0 / 40320.0;
    private static final double C7 = 1.0 / 5040.0;
    private static final double C6 = 1.0 / 720.0;
    private static final double C5 = 1.0 / 120.0;
    private static final double C4 = 1.0 / 24.0;
    private static final double C3 = 1.0 / 6.0;
    private static final double C2 = 0.5;
    /** Bits of √½: log reduces x to m · 2ᵉ with m in [√½, √2). */
    private static final long SQRT_HALF_BITS = 0x3fe6a09e667f3bcdL;
    private static final long MANTISSA = 0x000fffffffffffffL;
    /** fdlibm's e_log.c minimax coefficients of log(1+f) in s = f/(2+f). */
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;
    /** Subnormal inputs of log are scaled by 2⁵⁴ first. */
    private static final double MIN_NORMAL = Double.MIN_NORMAL;
    private static final double TWO_POW_54 = 0x1p54;
    private static final double SUBNORMAL_SHIFT = 54;

    private VectorMath64() {}

    // ---- exp: x = k·ln2 + r, |r| ≤ ln2/2; eˣ = 2ᵏ · (1 + expm1(r)); 2ᵏ = 2^⌊k/2⌋ · 2^(k−⌊k/2⌋) from exponent bits

    /** eˣ per lane; +inf above 709.78, 0 below −745.13, NaN for NaN. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector c = x.max(EXP_MIN).min(EXP_MAX);
        DoubleVector t = c.fma(LOG2E, MAGIC);
        DoubleVector k = t.sub(MAGIC);
        DoubleVector r = reduce(c, k);
        LongVector ki = t.reinterpretAsLongs().sub(MAGIC_BITS);
        LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        return expm1Reduced(r).add(1.0).mul(powerOfTwo(k1)).mul(powerOfTwo(ki.sub(k1)));
    }

    /** Scalar twin of {@link #exp(DoubleVector)}. */
    static double exp(double x) {
        double c = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double t = Math.fma(c, LOG2E, MAGIC);
        double k = t - MAGIC;
        double r = reduce(c, k);
        long ki = Double.doubleToRawLongBits(t) - MAGIC_BITS;
        long k1 = ki >> 1;
        return (expm1Reduced(r) + 1.0) * powerOfTwo(k1) * powerOfTwo(ki - k1);
    }

    // ---- expm1: eˣ − 1 = 2ᵏ · expm1(r) + (2ᵏ − 1), one fma; for k > 53 the −1 vanishes and exp is used

    /** eˣ − 1 per lane, accurate near 0. */
    static DoubleVector expm1(DoubleVector x) {
        DoubleVector c = x.max(EXPM1_MIN).min(EXP_MAX);
        DoubleVector t = c.fma(LOG2E, MAGIC);
        DoubleVector k = t.sub(MAGIC);
        DoubleVector scale = powerOfTwo(t.reinterpretAsLongs().sub(MAGIC_BITS));
        DoubleVector small = scale.fma(expm1Reduced(reduce(c, k)), scale.sub(1.0));
        VectorMask<Double> large = k.compare(VectorOperators.GT, EXPM1_EXP_PATH_K);
        DoubleVector y = large.anyTrue() ? small.blend(exp(c), large) : small;
        return y.blend(x, x.compare(VectorOperators.EQ, 0.0)); // keeps the sign of zero
    }

    /** Scalar twin of {@link #expm1(DoubleVector)}. */
    static double expm1(double x) {
        double c = Math.min(Math.max(x, EXPM1_MIN), EXP_MAX);
        double t = Math.fma(c, LOG2E, MAGIC);
        double k = t - MAGIC;
        if (x == 0.0) {
            return x;
        } else if (k > EXPM1_EXP_PATH_K) {
            return exp(c);
        }
        double scale = powerOfTwo(Double.doubleToRawLongBits(t) - MAGIC_BITS);
        return Math.fma(scale, expm1Reduced(reduce(c, k)), scale - 1.0);
    }

    // r = x − k·ln2 in two steps (Cody–Waite), the first exact
    private static DoubleVector reduce(DoubleVector x, DoubleVector k) {
        return k.fma(k.broadcast(-LN2_LO), k.fma(k.broadcast(-LN2_HI), x));
    }

    private static double reduce(double x, double k) {
        return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
    }

    // expm1(r) = r + r²·(1/2 + r/6 + … + r¹¹/13!), Taylor, |r| ≤ 0.35
    private static DoubleVector expm1Reduced(DoubleVector r) {
        DoubleVector u = r.fma(C13, C12).fma(r, r.broadcast(C11)).fma(r, r.broadcast(C10)).fma(r, r.broadcast(C9))
                .fma(r, r.broadcast(C8)).fma(r, r.broadcast(C7)).fma(r, r.broadcast(C6)).fma(r, r.broadcast(C5))
                .fma(r, r.broadcast(C4)).fma(r, r.broadcast(C3)).fma(r, r.broadcast(C2));
        return u.fma(r.mul(r), r);
    }

    private static double expm1Reduced(double r) {
        double u = Math.fma(r, C13, C12);
        u = Math.fma(u, r, C11);
        u = Math.fma(u, r, C10);
        u = Math.fma(u, r, C9);
        u = Math.fma(u, r, C8);
        u = Math.fma(u, r, C7);
        u = Math.fma(u, r, C6);
        u = Math.fma(u, r, C5);
        u = Math.fma(u, r, C4);
        u = Math.fma(u, r, C3);
        u = Math.fma(u, r, C2);
        return Math.fma(u, r * r, r);
    }

    // 2ᵏ for −1022 ≤ k ≤ 1023 from the exponent field
    private static DoubleVector powerOfTwo(LongVector k) {
        return k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    private static double powerOfTwo(long k) {
        return Double.longBitsToDouble((k + 1023) << 52);
    }

    // ---- log: x = m·2ᵉ, m in [√½, √2), f = m − 1, s = f/(2+f); ln x = e·ln2 + f − f²/2 + s·(f²/2 + R(s²))

    /** ln x per lane: −inf at ±0, NaN below 0, +inf at +inf. */
    static DoubleVector log(DoubleVector x) {
        VectorMask<Double> subnormal = x.compare(VectorOperators.LT, MIN_NORMAL);
        DoubleVector scaled = x.blend(x.mul(TWO_POW_54), subnormal);
        LongVector bits = scaled.reinterpretAsLongs().sub(SQRT_HALF_BITS);
        DoubleVector m = bits.and(MANTISSA).add(SQRT_HALF_BITS).reinterpretAsDoubles();
        DoubleVector dk = bits.lanewise(VectorOperators.ASHR, 52).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC)
                .sub(x.broadcast(0.0).blend(SUBNORMAL_SHIFT, subnormal));
        DoubleVector f = m.sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector w = z.mul(z);
        DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
        DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
        DoubleVector r = t2.add(t1);
        DoubleVector hfsq = f.mul(0.5).mul(f);
        DoubleVector y = s.mul(hfsq.add(r)).add(dk.mul(LN2_LO)).sub(hfsq).add(f).add(dk.mul(LN2_HI));
        return y.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY))
                .blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0.0))
                .blend(Double.NaN, x.compare(VectorOperators.GE, 0.0).not());
    }

    /** Scalar twin of {@link #log(DoubleVector)}. */
    static double log(double x) {
        if (!(x >= 0.0)) {
            return Double.NaN;
        } else if (x == 0.0) {
            return Double.NEGATIVE_INFINITY;
        } else if (x == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        boolean subnormal = x < MIN_NORMAL;
        long bits = Double.doubleToRawLongBits(subnormal ? x * TWO_POW_54 : x) - SQRT_HALF_BITS;
        double m = Double.longBitsToDouble((bits & MANTISSA) + SQRT_HALF_BITS);
        double dk = Double.longBitsToDouble((bits >> 52) + MAGIC_BITS) - MAGIC - (subnormal ? SUBNORMAL_SHIFT : 0.0);
        double f = m - 1.0;
        double s = f / (f + 2.0);
        double z = s * s;
        double w = z * z;
        double t1 = w * ((w * LG6 + LG4) * w + LG2);
        double t2 = z * (((w * LG7 + LG5) * w + LG3) * w + LG1);
        double r = t2 + t1;
        double hfsq = f * 0.5 * f;
        return s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
    }

    // ---- log1p: u = 1 + x rounded; ln(1+x) = ln u − ((u − 1) − x)/u (first-order correction of the rounding of u)

    /** ln(1 + x) per lane, accurate near 0. */
    static DoubleVector log1p(DoubleVector x) {
        DoubleVector u = x.add(1.0);
        DoubleVector logU = log(u);
        DoubleVector y = logU.sub(u.sub(1.0).sub(x).div(u));
        VectorMask<Double> exactLog = u.compare(VectorOperators.EQ, 0.0).or(u.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
        return y.blend(logU, exactLog).blend(x, x.compare(VectorOperators.EQ, 0.0));
    }

    /** Scalar twin of {@link #log1p(DoubleVector)}. */
    static double log1p(double x) {
        double u = x + 1.0;
        double logU = log(u);
        if (x == 0.0) {
            return x;
        } else if (u == 0.0 || u == Double.POSITIVE_INFINITY) {
            return logU;
        }
        return logU - (u - 1.0 - x) / u;
    }

    // ---- tanh |x| = e/(e + 2), e = expm1(2|x|); sign copied from x

    /** tanh x per lane. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector a = x.abs().min(TANH_SATURATION);
        DoubleVector e = expm1(a.add(a));
        DoubleVector t = e.div(e.add(2.0));
        LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
        return t.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
    }

    /** Scalar twin of {@link #tanh(DoubleVector)}. */
    static double tanh(double x) {
        double a = Math.min(Math.abs(x), TANH_SATURATION);
        double e = expm1(a + a);
        double t = e / (e + 2.0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(t) | (Double.doubleToRawLongBits(x) & Long.MIN_VALUE));
    }

    // ---- sigmoid: e = exp(−|x|) ≤ 1; σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0

    /** 1/(1 + e⁻ˣ) per lane, without overflow on either side. */
    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = exp(x.abs().neg());
        return x.broadcast(1.0).blend(e, x.compare(VectorOperators.LT, 0.0)).div(e.add(1.0));
    }

    /** Scalar twin of {@link #sigmoid(DoubleVector)}. */
    static double sigmoid(double x) {
        double e = exp(-Math.abs(x));
        return (x < 0.0 ? e : 1.0) / (e + 1.0);
    }
}
