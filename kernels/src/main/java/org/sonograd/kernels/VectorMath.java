package org.sonograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, expm1, log, log1p, tanh and sigmoid in F32 over vector lanes, each with a scalar twin that
 * performs the same IEEE operations in the same order, so a lane and the twin give the same bits.
 * F64 versions are in {@link VectorMath64}.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: HotSpot computes it with the SVML intrinsic once
 * C2 has compiled the caller, and with a per-lane {@code Math} fallback before that, which gives
 * different bits; a run resumed from a checkpoint (cold JIT) would then not reproduce an
 * uninterrupted one. These functions use only exactly rounded operations (+ − · /, fma, min, max,
 * compares, blends and integer operations on the bits), so their results are the same in the
 * interpreter, C1 and C2, for every vector width, and on every conforming Java platform.
 *
 * <p>Accuracy against the correctly rounded result (measured by {@code VectorMathTest} on dense
 * sweeps): exp, expm1, log and log1p within 1 ulp, sigmoid within 2, tanh within 3.
 */
final class VectorMath {
    /** 1.5 · 2²³: adding it to |v| &lt; 2²² rounds v to an integer held in the low mantissa bits. */
    private static final float MAGIC = 0x1.8p23f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float LOG2E = 1.44269504f;
    /** ln 2 = LN2_HI + LN2_LO; LN2_HI has 16 significant bits, so k · LN2_HI is exact for |k| &lt; 2⁸. */
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = (float) (0.6931471805599453 - 0.693145751953125);
    /** exp(x) is +inf above (after the 2⁻¹²⁸ scaling overflows) and 0 below these. */
    private static final float EXP_MAX = 89f;
    private static final float EXP_MIN = -104f;
    /** expm1(x) rounds to −1 below this. */
    private static final float EXPM1_MIN = -20f;
    /** Above this, 2ᵏ − 1 is no longer exact and expm1(x) = exp(x) in float. */
    private static final int EXPM1_EXP_PATH_K = 24;
    /** tanh(x) rounds to ±1 beyond this. */
    private static final float TANH_SATURATION = 10f;
    /** Taylor coefficients 1/n! for n = 7 down to 2 of expm1(r) = r + r²·(1/2 + r/6 + ...). */
    private static final float C7 = 1f / 5040;
    private static final float C6 = 1f / 720;
    private static final float C5 = 1f / 120;
    private static final float C4 = 1f / 24;
    private static final float C3 = 1f / 6;
    private static final float C2 = 0.5f;
    /** Bits of √½: log reduces x to m · 2ᵉ with m in [√½, √2). */
    private static final int SQRT_HALF_BITS = 0x3f3504f3;
    private static final int MANTISSA = 0x007fffff;
    /** fdlibm's e_logf.c: ln 2 split and the minimax coefficients of log(1+f) in s = f/(2+f). */
    private static final float LOG_LN2_HI = 6.9313812256e-01f;
    private static final float LOG_LN2_LO = 9.0580006145e-06f;
    private static final float LG1 = 6.6666662693e-01f;
    private static final float LG2 = 4.0000972152e-01f;
    private static final float LG3 = 2.8498786688e-01f;
    private static final float LG4 = 2.4279078841e-01f;
    /** Subnormal inputs of log are scaled by 2²³ first. */
    private static final float MIN_NORMAL = Float.MIN_NORMAL;
    private static final float TWO_POW_23 = 0x1p23f;
    private static final float SUBNORMAL_SHIFT = 23f;

    private VectorMath() {}

    // ---- exp: x = k·ln2 + r, |r| ≤ ln2/2; eˣ = 2ᵏ · (1 + expm1(r)); 2ᵏ = 2^⌊k/2⌋ · 2^(k−⌊k/2⌋) from exponent bits

    /** eˣ per lane; +inf above 88.72, 0 below −103.97, NaN for NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = c.fma(LOG2E, MAGIC);
        FloatVector k = t.sub(MAGIC);
        FloatVector r = reduce(c, k);
        IntVector ki = t.reinterpretAsInts().sub(MAGIC_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        return expm1Reduced(r).add(1f).mul(powerOfTwo(k1)).mul(powerOfTwo(ki.sub(k1)));
    }

    /** Scalar twin of {@link #exp(FloatVector)}. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(c, LOG2E, MAGIC);
        float k = t - MAGIC;
        float r = reduce(c, k);
        int ki = Float.floatToRawIntBits(t) - MAGIC_BITS;
        int k1 = ki >> 1;
        return (expm1Reduced(r) + 1f) * powerOfTwo(k1) * powerOfTwo(ki - k1);
    }

    // ---- expm1: eˣ − 1 = 2ᵏ · expm1(r) + (2ᵏ − 1), one fma; for k > 24 the −1 vanishes and exp is used

    /** eˣ − 1 per lane, accurate near 0. */
    static FloatVector expm1(FloatVector x) {
        FloatVector c = x.max(EXPM1_MIN).min(EXP_MAX);
        FloatVector t = c.fma(LOG2E, MAGIC);
        FloatVector k = t.sub(MAGIC);
        IntVector ki = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector scale = powerOfTwo(ki);
        FloatVector small = scale.fma(expm1Reduced(reduce(c, k)), scale.sub(1f));
        VectorMask<Float> large = k.compare(VectorOperators.GT, (float) EXPM1_EXP_PATH_K);
        FloatVector y = large.anyTrue() ? small.blend(exp(c), large) : small;
        return y.blend(x, x.compare(VectorOperators.EQ, 0f)); // keeps the sign of zero
    }

    /** Scalar twin of {@link #expm1(FloatVector)}. */
    static float expm1(float x) {
        float c = Math.min(Math.max(x, EXPM1_MIN), EXP_MAX);
        float t = Math.fma(c, LOG2E, MAGIC);
        float k = t - MAGIC;
        if (x == 0f) {
            return x;
        } else if (k > EXPM1_EXP_PATH_K) {
            return exp(c);
        }
        float scale = powerOfTwo(Float.floatToRawIntBits(t) - MAGIC_BITS);
        return Math.fma(scale, expm1Reduced(reduce(c, k)), scale - 1f);
    }

    // r = x − k·ln2 in two exact-product steps (Cody–Waite)
    private static FloatVector reduce(FloatVector x, FloatVector k) {
        return k.fma(k.broadcast(-LN2_LO), k.fma(k.broadcast(-LN2_HI), x));
    }

    private static float reduce(float x, float k) {
        return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
    }

    // expm1(r) = r + r²·(1/2 + r/6 + … + r⁵/7!), Taylor, |r| ≤ 0.35
    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector u = r.fma(C7, C6).fma(r, r.broadcast(C5)).fma(r, r.broadcast(C4)).fma(r, r.broadcast(C3))
                .fma(r, r.broadcast(C2));
        return u.fma(r.mul(r), r);
    }

    private static float expm1Reduced(float r) {
        float u = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, C7, C6), r, C5), r, C4), r, C3), r, C2);
        return Math.fma(u, r * r, r);
    }

    // 2ᵏ for −126 ≤ k ≤ 127 from the exponent field
    private static FloatVector powerOfTwo(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    private static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    // ---- log: x = m·2ᵉ, m in [√½, √2), f = m − 1, s = f/(2+f); ln x = e·ln2 + f − f²/2 + s·(f²/2 + R(s²))

    /** ln x per lane: −inf at ±0, NaN below 0, +inf at +inf. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, MIN_NORMAL);
        FloatVector scaled = x.blend(x.mul(TWO_POW_23), subnormal);
        IntVector bits = scaled.reinterpretAsInts().sub(SQRT_HALF_BITS);
        FloatVector m = bits.and(MANTISSA).add(SQRT_HALF_BITS).reinterpretAsFloats();
        FloatVector dk = bits.lanewise(VectorOperators.ASHR, 23).add(MAGIC_BITS).reinterpretAsFloats().sub(MAGIC)
                .sub(x.broadcast(0f).blend(SUBNORMAL_SHIFT, subnormal));
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector r = z.mul(w.mul(LG3).add(LG1)).add(w.mul(w.mul(LG4).add(LG2)));
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector y = s.mul(hfsq.add(r)).add(dk.mul(LOG_LN2_LO)).sub(hfsq).add(f).add(dk.mul(LOG_LN2_HI));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY))
                .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
    }

    /** Scalar twin of {@link #log(FloatVector)}. */
    static float log(float x) {
        if (!(x >= 0f)) {
            return Float.NaN;
        } else if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        } else if (x == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        boolean subnormal = x < MIN_NORMAL;
        int bits = Float.floatToRawIntBits(subnormal ? x * TWO_POW_23 : x) - SQRT_HALF_BITS;
        float m = Float.intBitsToFloat((bits & MANTISSA) + SQRT_HALF_BITS);
        float dk = Float.intBitsToFloat((bits >> 23) + MAGIC_BITS) - MAGIC - (subnormal ? SUBNORMAL_SHIFT : 0f);
        float f = m - 1f;
        float s = f / (f + 2f);
        float z = s * s;
        float w = z * z;
        float r = z * (w * LG3 + LG1) + w * (w * LG4 + LG2);
        float hfsq = f * 0.5f * f;
        return s * (hfsq + r) + dk * LOG_LN2_LO - hfsq + f + dk * LOG_LN2_HI;
    }

    // ---- log1p: u = 1 + x rounded; ln(1+x) = ln u − ((u − 1) − x)/u (first-order correction of the rounding of u)

    /** ln(1 + x) per lane, accurate near 0. */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector logU = log(u);
        FloatVector y = logU.sub(u.sub(1f).sub(x).div(u));
        VectorMask<Float> exactLog = u.compare(VectorOperators.EQ, 0f).or(u.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return y.blend(logU, exactLog).blend(x, x.compare(VectorOperators.EQ, 0f));
    }

    /** Scalar twin of {@link #log1p(FloatVector)}. */
    static float log1p(float x) {
        float u = x + 1f;
        float logU = log(u);
        if (x == 0f) {
            return x;
        } else if (u == 0f || u == Float.POSITIVE_INFINITY) {
            return logU;
        }
        return logU - (u - 1f - x) / u;
    }

    // ---- tanh |x| = e/(e + 2), e = expm1(2|x|); sign copied from x

    /** tanh x per lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs().min(TANH_SATURATION);
        FloatVector e = expm1(a.add(a));
        FloatVector t = e.div(e.add(2f));
        IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** Scalar twin of {@link #tanh(FloatVector)}. */
    static float tanh(float x) {
        float a = Math.min(Math.abs(x), TANH_SATURATION);
        float e = expm1(a + a);
        float t = e / (e + 2f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & Integer.MIN_VALUE));
    }

    // ---- sigmoid: e = exp(−|x|) ≤ 1; σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0

    /** 1/(1 + e⁻ˣ) per lane, without overflow on either side. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return x.broadcast(1f).blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(1f));
    }

    /** Scalar twin of {@link #sigmoid(FloatVector)}. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0f ? e : 1f) / (e + 1f);
    }

    /**
     * Σ of the lanes, added in lane order. {@code reduceLanes(ADD)} may add the lanes in another order
     * once C2 has compiled the caller, so its floating-point result depends on the JIT state; this does not.
     */
    static float sumLanes(FloatVector v) {
        float sum = 0f;
        for (float lane : v.toArray()) {
            sum += lane;
        }
        return sum;
    }

    /** Σ of the lanes of a double vector, added in lane order (see {@link #sumLanes(FloatVector)}). */
    static double sumLanes(jdk.incubator.vector.DoubleVector v) {
        double sum = 0;
        for (double lane : v.toArray()) {
            sum += lane;
        }
        return sum;
    }
}
