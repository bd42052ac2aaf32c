package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Counter-based random numbers (Philox-4×32-10, Salmon et al., SC 2011). Element i of a stream is a
 * pure function of (seed, offset, i), so the numbers do not depend on the thread count, the device
 * or the order of evaluation. The CUDA kernel produces the same numbers for the same arguments.
 *
 * <p>The mapping, which a CUDA kernel reproduces (words w0..w3 of block b are
 * {@link Philox4x32#streamBlock}: key = (seed low 32 bits, seed high 32 bits), counter = offset + b
 * as an unsigned 128-bit sum):
 * <ul>
 *   <li>uniform F32: element i uses word i mod 4 of block ⌊i/4⌋; u = (w >>> 8) · 2⁻²⁴.
 *   <li>uniform F64: element i uses words (2k, 2k+1), k = i mod 2, of block ⌊i/2⌋;
 *       u = ((w2k >>> 5) · 2²⁶ + (w2k+1 >>> 6)) · 2⁻⁵³.
 *   <li>Either way the value is low + (high − low) · u computed in double and rounded to the dtype;
 *       a value that rounds up to high is replaced by the largest value below high.
 *   <li>normal F32: block ⌊i/4⌋ holds two Box–Muller pairs; element i uses pair k = (i mod 4) / 2,
 *       u1 = 1 − (w2k >>> 8) · 2⁻²⁴ ∈ (0, 1], u2 = (w2k+1 >>> 8) · 2⁻²⁴, and takes
 *       √(−2 ln u1) · cos(2π u2) for even i, · sin(2π u2) for odd i.
 *   <li>normal F64: block ⌊i/2⌋ holds one pair, u1 = 1 − the 53-bit uniform of (w0, w1),
 *       u2 = the 53-bit uniform of (w2, w3); cos for even i, sin for odd i.
 *   <li>The normal value is mean + std · z in double ({@link StrictMath} log, sqrt, sin, cos),
 *       rounded to the dtype.
 *   <li>bernoulli (any dtype): element i uses word i mod 4 of block ⌊i/4⌋; 1 when
 *       w (unsigned) · 2⁻³² &lt; p, else 0.
 *   <li>permutation: Fisher–Yates from the top; step i (n−1 down to 1) takes the 64-bit value
 *       r = (w2k &lt;&lt; 32) | w2k+1, k = i mod 2, of block ⌊i/2⌋, swaps a[i] with
 *       a[⌊r · (i+1) / 2⁶⁴⌋] (bias below 2⁻³² for any n that fits in memory). It runs serially.
 * </ul>
 * A caller that draws several streams from one seed advances the offset by the blocks each call
 * used ({@link #blocksForUniformOrNormal}, {@link #blocksForBernoulli},
 * {@link #blocksForPermutation}), so no two calls share a counter. {@link PhiloxReference} states
 * the same mapping element by element; these kernels compute each block once and fill its elements,
 * spread over the pool in fixed groups of blocks. With the Vector API on, the words of 256
 * consecutive blocks are computed together, one block per long lane ({@link PhiloxLanes}); the
 * words are the same bits either way.
 */
public final class PhiloxKernels {
    private static final long BLOCKS_PER_TASK = 1 << 13;
    /** Blocks whose words are computed together before their elements are written. */
    private static final int BATCH = 256;

    private PhiloxKernels() {}

    /** Fills n contiguous F32/F64 elements with U[low, high). */
    public static void uniform(long seed, long offset, MemorySegment out, DType dtype, long n, double low, double high) {
        uniform(seed, offset, out, dtype, n, low, high, ExecutionMode.DEFAULT);
    }

    /** Fills n contiguous F32/F64 elements with N(mean, std²). */
    public static void normal(long seed, long offset, MemorySegment out, DType dtype, long n, double mean, double std) {
        normal(seed, offset, out, dtype, n, mean, std, ExecutionMode.DEFAULT);
    }

    /** Fills n contiguous elements of any dtype with 1 with probability p, else 0. */
    public static void bernoulli(long seed, long offset, MemorySegment out, DType dtype, long n, double p) {
        bernoulli(seed, offset, out, dtype, n, p, ExecutionMode.DEFAULT);
    }

    /** Writes a uniformly random permutation of 0..n−1 as n contiguous I64 elements. */
    public static void permutation(long seed, long offset, MemorySegment out, long n) {
        check("permutation", out, DType.I64, n);
        int[] words = new int[4];
        long loaded = -1;
        for (long i = 0; i < n; i++) {
            out.setAtIndex(JAVA_LONG, i, i);
        }
        for (long i = n - 1; i >= 1; i--) {
            if (i / 2 != loaded) {
                loaded = i / 2;
                Philox4x32.streamBlock(seed, offset, loaded, words);
            }
            int half = (int) (i % 2);
            long r = ((long) words[2 * half] << 32) | (words[2 * half + 1] & 0xFFFF_FFFFL);
            long j = Math.unsignedMultiplyHigh(r, i + 1);
            long ai = out.getAtIndex(JAVA_LONG, i);
            out.setAtIndex(JAVA_LONG, i, out.getAtIndex(JAVA_LONG, j));
            out.setAtIndex(JAVA_LONG, j, ai);
        }
    }

    /** Philox blocks (counter values) used by uniform or normal of n elements: ⌈n/4⌉ for F32, ⌈n/2⌉ for F64. */
    public static long blocksForUniformOrNormal(DType dtype, long n) {
        long perBlock = dtype == DType.F32 ? 4 : 2;
        return (n + perBlock - 1) / perBlock;
    }

    /** Philox blocks used by bernoulli of n elements: ⌈n/4⌉. */
    public static long blocksForBernoulli(long n) {
        return (n + 3) / 4;
    }

    /** Philox blocks used by permutation(n): ⌈n/2⌉. */
    public static long blocksForPermutation(long n) {
        return (n + 1) / 2;
    }

    static void uniform(long seed, long offset, MemorySegment out, DType dtype, long n, double low, double high, ExecutionMode mode) {
        checkFloating("uniform", dtype);
        check("uniform", out, dtype, n);
        if (!(low <= high) || Double.isInfinite(high - low)) {
            throw new IllegalArgumentException("uniform: needs finite low ≤ high, got [" + low + ", " + high + ")");
        }
        boolean f32 = dtype == DType.F32;
        forEachBlock(seed, offset, blocksForUniformOrNormal(dtype, n), mode, (block, w) -> {
            if (f32) {
                for (int k = 0; k < 4 && 4 * block + k < n; k++) {
                    out.setAtIndex(JAVA_FLOAT, 4 * block + k, (float) PhiloxReference.scaleToRange(dtype, PhiloxReference.unit24(w[k]), low, high));
                }
            } else {
                for (int k = 0; k < 2 && 2 * block + k < n; k++) {
                    out.setAtIndex(JAVA_DOUBLE, 2 * block + k,
                            PhiloxReference.scaleToRange(dtype, PhiloxReference.unit53(w[2 * k], w[2 * k + 1]), low, high));
                }
            }
        });
    }

    static void normal(long seed, long offset, MemorySegment out, DType dtype, long n, double mean, double std, ExecutionMode mode) {
        checkFloating("normal", dtype);
        check("normal", out, dtype, n);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: needs std ≥ 0, got " + std);
        }
        boolean f32 = dtype == DType.F32;
        forEachBlock(seed, offset, blocksForUniformOrNormal(dtype, n), mode, (block, w) -> {
            if (f32) {
                for (int pair = 0; pair < 2 && 4 * block + 2 * pair < n; pair++) {
                    long i = 4 * block + 2 * pair;
                    double radius = PhiloxReference.boxMullerRadius(1.0 - PhiloxReference.unit24(w[2 * pair]));
                    double angle = PhiloxReference.boxMullerAngle(PhiloxReference.unit24(w[2 * pair + 1]));
                    out.setAtIndex(JAVA_FLOAT, i, (float) (mean + std * (radius * StrictMath.cos(angle))));
                    if (i + 1 < n) {
                        out.setAtIndex(JAVA_FLOAT, i + 1, (float) (mean + std * (radius * StrictMath.sin(angle))));
                    }
                }
            } else {
                long i = 2 * block;
                double radius = PhiloxReference.boxMullerRadius(1.0 - PhiloxReference.unit53(w[0], w[1]));
                double angle = PhiloxReference.boxMullerAngle(PhiloxReference.unit53(w[2], w[3]));
                out.setAtIndex(JAVA_DOUBLE, i, mean + std * (radius * StrictMath.cos(angle)));
                if (i + 1 < n) {
                    out.setAtIndex(JAVA_DOUBLE, i + 1, mean + std * (radius * StrictMath.sin(angle)));
                }
            }
        });
    }

    static void bernoulli(long seed, long offset, MemorySegment out, DType dtype, long n, double p, ExecutionMode mode) {
        check("bernoulli", out, dtype, n);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: needs 0 ≤ p ≤ 1, got " + p);
        }
        forEachBlock(seed, offset, blocksForBernoulli(n), mode, (block, w) -> {
            for (int k = 0; k < 4 && 4 * block + k < n; k++) {
                store(out, dtype, 4 * block + k, PhiloxReference.unit32(w[k]) < p ? 1 : 0);
            }
        });
    }

    /** Receives the four words of one block. */
    private interface BlockBody {
        void accept(long block, int[] words);
    }

    // Each task computes its blocks' words in batches (vector lanes when allowed), then hands them out one block at a time.
    private static void forEachBlock(long seed, long offset, long blocks, ExecutionMode mode, BlockBody body) {
        int tasks = Parallel.chunks(blocks, BLOCKS_PER_TASK);
        mode.forEach(tasks, t -> {
            int[] words = new int[4];
            long[][] batch = new long[4][BATCH];
            long end = Math.min(blocks, (t + 1) * BLOCKS_PER_TASK);
            for (long first = t * BLOCKS_PER_TASK; first < end; first += BATCH) {
                int count = (int) Math.min(BATCH, end - first);
                if (mode.vectors()) {
                    PhiloxLanes.blocks(seed, offset, first, count, batch);
                }
                for (int j = 0; j < count; j++) {
                    if (mode.vectors()) {
                        for (int k = 0; k < 4; k++) {
                            words[k] = (int) batch[k][j];
                        }
                    } else {
                        Philox4x32.streamBlock(seed, offset, first + j, words);
                    }
                    body.accept(first + j, words);
                }
            }
        });
    }

    private static void checkFloating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs an F32 or F64 output, got " + dtype);
        }
    }

    private static void check(String op, MemorySegment out, DType dtype, long n) {
        if (n < 0 || out.byteSize() < n * dtype.byteSize()) {
            throw new IllegalArgumentException(op + ": " + n + " " + dtype + " elements need " + n * dtype.byteSize()
                    + " bytes, the output has " + out.byteSize());
        }
    }

    /** Writes {@code value} (a float, or 0/1 for integer types) as element i of a contiguous buffer. */
    static void store(MemorySegment out, DType dtype, long i, double value) {
        switch (dtype) {
            case F32 -> out.setAtIndex(JAVA_FLOAT, i, (float) value);
            case F64 -> out.setAtIndex(JAVA_DOUBLE, i, value);
            case I64 -> out.setAtIndex(JAVA_LONG, i, (long) value);
            case U8, BOOL -> out.setAtIndex(JAVA_BYTE, i, (byte) value);
        }
    }
}
