package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PoolKernels.maxForward (the Vector API path for F32, the loops for F64) against PoolReference,
 * bit for bit in values and indices: odd sizes, padding, strides, rows longer than a vector, ties
 * (PyTorch's first maximum), NaN and infinities, one and all threads; and maxBackward by the saved
 * indices against the reference's adjoint, bit for bit, overlapping windows included.
 */
class PoolKernelsTest {
    /** {input D, H, W, kernel, stride, padding} (3-D, leading dims of size 1 for 1-D and 2-D). */
    private static final int[][][] CASES = {
        {{1, 32, 32}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}},    // ResNet stem
        {{1, 7, 9}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}},
        {{1, 6, 10}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}},
        {{1, 5, 5}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}},
        {{1, 4, 67}, {1, 3, 3}, {1, 1, 2}, {0, 1, 1}},     // several vectors and a tail per row
        {{1, 3, 33}, {1, 2, 2}, {1, 2, 2}, {0, 0, 0}},     // the last input column is dropped
        {{1, 9, 70}, {1, 5, 5}, {1, 3, 3}, {0, 2, 2}},
        {{1, 1, 41}, {1, 1, 4}, {1, 1, 3}, {0, 0, 1}},     // 1-D
        {{4, 8, 8}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}},      // 3-D, R(2+1)D-style
        {{5, 6, 7}, {2, 2, 2}, {2, 2, 2}, {0, 0, 0}},
        {{3, 5, 19}, {3, 3, 3}, {2, 1, 2}, {1, 1, 1}},
    };

    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
        Parallel.setMaxThreads(Parallel.threads());
    }

    @Test
    void matchesTheReferenceBitForBitOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(3);
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            for (int[][] c : CASES) {
                check(dtype, c, random.doubles(5L * volume(c[0]), -4, 4).toArray(), 5);
            }
        }
    }

    @Test
    void tiesGoToTheFirstMaximumInRowMajorWindowOrder() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[][] c : CASES) {
            double[] x = new double[3 * volume(c[0])];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(3);  // many equal values in every window
            }
            check(DType.F32, c, x, 3);
            check(DType.F64, c, x, 3);
        }
    }

    @Test
    void nanWinsAndInfinitiesCompareAsNumbers() {
        double[] special = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, 1, -1};
        SplittableRandom random = new SplittableRandom(7);
        for (int[][] c : CASES) {
            double[] x = new double[2 * volume(c[0])];
            for (int i = 0; i < x.length; i++) {
                x[i] = special[random.nextInt(special.length)];
            }
            check(DType.F32, c, x, 2);
            double[] allNegativeInfinity = new double[volume(c[0])];
            java.util.Arrays.fill(allNegativeInfinity, Double.NEGATIVE_INFINITY);
            check(DType.F32, c, allNegativeInfinity, 1);
        }
    }

    @Test
    void oneAndAllThreadsGiveTheSameBits() {
        int[][] c = CASES[0];
        double[] x = new SplittableRandom(9).doubles(64L * volume(c[0])).toArray();
        Parallel.setMaxThreads(1);
        check(DType.F32, c, x, 64);
        Parallel.setMaxThreads(Parallel.threads());
        check(DType.F32, c, x, 64);
    }

    @Test
    void maxBackwardAddsTheGradientsAtTheSavedIndicesAsTheReference() {
        SplittableRandom random = new SplittableRandom(11);
        for (int threads : new int[] {1, Parallel.threads()}) {
            Parallel.setMaxThreads(threads);
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                for (int[][] c : CASES) {
                    long planes = 6;
                    double[] x = new double[(int) planes * volume(c[0])];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = random.nextInt(4);  // ties: several windows pick one input
                    }
                    checkBackward(dtype, c, rounded(dtype, x), planes, random);
                }
            }
        }
    }

    private void checkBackward(DType dtype, int[][] c, double[] x, long planes, SplittableRandom random) {
        PoolGeometry g = PoolGeometry.sliding("test", planes, c[0], c[1], c[2], c[3], false);
        long vo = g.outputVolume();
        double[] gy = rounded(dtype, random.doubles(planes * vo, -2, 2).toArray());
        double[] expected = PoolReference.maxBackward(x, gy, planes, c[0], c[1], c[2], c[3], dtype == DType.F32);
        MemorySegment xs = segment(dtype, x);
        MemorySegment ys = arena.allocate(planes * vo * dtype.byteSize());
        MemorySegment idx = arena.allocate(planes * vo * 8L);
        PoolKernels.maxForward(g, dtype, xs, ys, idx);
        MemorySegment gx = segment(dtype, random.doubles(x.length).toArray());  // overwritten
        PoolKernels.maxBackward(g, dtype, segment(dtype, gy), idx, gx);
        for (int i = 0; i < expected.length; i++) {
            double got = dtype == DType.F32 ? gx.getAtIndex(JAVA_FLOAT, i) : gx.getAtIndex(JAVA_DOUBLE, i);
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got),
                    dtype + " input " + java.util.Arrays.toString(c[0]) + ": gradient " + i);
        }
    }

    private MemorySegment segment(DType dtype, double[] values) {
        MemorySegment s = arena.allocate(values.length * dtype.byteSize());
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.F32) {
                s.setAtIndex(JAVA_FLOAT, i, (float) values[i]);
            } else {
                s.setAtIndex(JAVA_DOUBLE, i, values[i]);
            }
        }
        return s;
    }

    private void check(DType dtype, int[][] c, double[] x, long planes) {
        int[] in = c[0];
        PoolGeometry g = PoolGeometry.sliding("test", planes, in, c[1], c[2], c[3], false);
        Object[] expected = PoolReference.max(rounded(dtype, x), planes, in, c[1], c[2], c[3]);
        double[] ey = (double[]) expected[0];
        long[] eidx = (long[]) expected[1];
        MemorySegment xs = segment(dtype, x);
        MemorySegment ys = arena.allocate(ey.length * dtype.byteSize());
        MemorySegment idx = arena.allocate(ey.length * 8L);
        PoolKernels.maxForward(g, dtype, xs, ys, idx);
        String where = dtype + " input " + java.util.Arrays.toString(in) + " kernel " + java.util.Arrays.toString(c[1])
                + " stride " + java.util.Arrays.toString(c[2]) + " padding " + java.util.Arrays.toString(c[3]);
        for (int o = 0; o < ey.length; o++) {
            double got = dtype == DType.F32 ? ys.getAtIndex(JAVA_FLOAT, o) : ys.getAtIndex(JAVA_DOUBLE, o);
            assertEquals(Double.doubleToRawLongBits(ey[o]), Double.doubleToRawLongBits(got), where + ": value " + o);
            assertEquals(eidx[o], idx.getAtIndex(JAVA_LONG, o), where + ": index " + o);
        }
    }

    private static double[] rounded(DType dtype, double[] x) {
        double[] r = x.clone();
        if (dtype == DType.F32) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) r[i];
            }
        }
        return r;
    }

    private static int volume(int[] in) {
        return in[0] * in[1] * in[2];
    }
}
