package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * The definition of every Philox stream, one element at a time: each element computes its own
 * Philox block, so the code reads like the mapping documented in {@link PhiloxKernels}.
 * {@link PhiloxKernels} must produce the same bits.
 */
public final class PhiloxReference {
    private static final double TWO_POW_M24 = 0x1p-24;
    private static final double TWO_POW_M32 = 0x1p-32;
    private static final double TWO_POW_M53 = 0x1p-53;

    private PhiloxReference() {}

    /** Word {@code word} (0..3) of block {@code block} of the stream (seed, offset). */
    public static int word(long seed, long offset, long block, int word) {
        int[] words = new int[4];
        Philox4x32.streamBlock(seed, offset, block, words);
        return words[word];
    }

    /** A uniform in [0, 1) with 24 random bits: (w >>> 8) · 2⁻²⁴. */
    static double unit24(int w) {
        return (w >>> 8) * TWO_POW_M24;
    }

    /** A uniform in [0, 1) with 53 random bits: ((a >>> 5) · 2²⁶ + (b >>> 6)) · 2⁻⁵³. */
    static double unit53(int a, int b) {
        return ((a >>> 5) * 67108864.0 + (b >>> 6)) * TWO_POW_M53;
    }

    /** A uniform in [0, 1) with 32 random bits: w (unsigned) · 2⁻³². */
    static double unit32(int w) {
        return (w & 0xFFFF_FFFFL) * TWO_POW_M32;
    }

    /** Element i of uniform(seed, offset, dtype, low, high). */
    public static double uniform(long seed, long offset, DType dtype, long i, double low, double high) {
        double u = dtype == DType.F32
                ? unit24(word(seed, offset, i / 4, (int) (i % 4)))
                : unit53(word(seed, offset, i / 2, (int) (2 * (i % 2))), word(seed, offset, i / 2, (int) (2 * (i % 2) + 1)));
        return scaleToRange(dtype, u, low, high);
    }

    /** low + (high − low) · u in double, rounded to dtype; a value rounded up to high becomes the largest one below it. */
    static double scaleToRange(DType dtype, double u, double low, double high) {
        double v = low + (high - low) * u;
        if (dtype == DType.F32) {
            float f = (float) v;
            return f >= (float) high && high > low ? Math.nextDown((float) high) : f;
        }
        return v >= high && high > low ? Math.nextDown(high) : v;
    }

    /** Element i of normal(seed, offset, dtype, mean, std). */
    public static double normal(long seed, long offset, DType dtype, long i, double mean, double std) {
        double u1;
        double u2;
        if (dtype == DType.F32) {
            int pair = (int) (i % 4) / 2;
            u1 = 1.0 - unit24(word(seed, offset, i / 4, 2 * pair));
            u2 = unit24(word(seed, offset, i / 4, 2 * pair + 1));
        } else {
            u1 = 1.0 - unit53(word(seed, offset, i / 2, 0), word(seed, offset, i / 2, 1));
            u2 = unit53(word(seed, offset, i / 2, 2), word(seed, offset, i / 2, 3));
        }
        double z = boxMuller(u1, u2, i % 2 == 0);
        double v = mean + std * z;
        return dtype == DType.F32 ? (float) v : v;
    }

    /** Box–Muller: √(−2 ln u1) · cos(2π u2) (first) or · sin(2π u2), u1 in (0, 1], with StrictMath for portable bits. */
    static double boxMuller(double u1, double u2, boolean first) {
        double angle = boxMullerAngle(u2);
        return boxMullerRadius(u1) * (first ? StrictMath.cos(angle) : StrictMath.sin(angle));
    }

    /** √(−2 ln u1). */
    static double boxMullerRadius(double u1) {
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1));
    }

    /** 2π u2. */
    static double boxMullerAngle(double u2) {
        return 2.0 * Math.PI * u2;
    }

    /** Element i of bernoulli(seed, offset, p): 1 when w · 2⁻³² &lt; p, else 0. */
    public static double bernoulli(long seed, long offset, long i, double p) {
        return unit32(word(seed, offset, i / 4, (int) (i % 4))) < p ? 1 : 0;
    }

    /** Fills out[0, n) (F32 or F64) with {@link #uniform}. */
    public static void uniform(long seed, long offset, MemorySegment out, DType dtype, long n, double low, double high) {
        for (long i = 0; i < n; i++) {
            PhiloxKernels.store(out, dtype, i, uniform(seed, offset, dtype, i, low, high));
        }
    }

    /** Fills out[0, n) (F32 or F64) with {@link #normal}. */
    public static void normal(long seed, long offset, MemorySegment out, DType dtype, long n, double mean, double std) {
        for (long i = 0; i < n; i++) {
            PhiloxKernels.store(out, dtype, i, normal(seed, offset, dtype, i, mean, std));
        }
    }

    /** Fills out[0, n) (any dtype) with {@link #bernoulli}. */
    public static void bernoulli(long seed, long offset, MemorySegment out, DType dtype, long n, double p) {
        for (long i = 0; i < n; i++) {
            PhiloxKernels.store(out, dtype, i, bernoulli(seed, offset, i, p));
        }
    }

    /**
     * Fisher–Yates from the top: a = 0..n−1; for i = n−1 down to 1, r = the 64-bit word pair
     * (2(i mod 2), 2(i mod 2)+1) of block i/2 (first word high), j = ⌊r · (i+1) / 2⁶⁴⌋, swap a[i], a[j].
     */
    public static void permutation(long seed, long offset, MemorySegment out, long n) {
        for (long i = 0; i < n; i++) {
            out.setAtIndex(JAVA_LONG, i, i);
        }
        for (long i = n - 1; i >= 1; i--) {
            int half = (int) (i % 2);
            long r = ((long) word(seed, offset, i / 2, 2 * half) << 32) | (word(seed, offset, i / 2, 2 * half + 1) & 0xFFFF_FFFFL);
            long j = Math.unsignedMultiplyHigh(r, i + 1);
            long ai = out.getAtIndex(JAVA_LONG, i);
            out.setAtIndex(JAVA_LONG, i, out.getAtIndex(JAVA_LONG, j));
            out.setAtIndex(JAVA_LONG, j, ai);
        }
    }
}
