package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReductionKernelsTest {
    private static final DType[] FLOAT_TYPES = {DType.F32, DType.F64};
    private static final ExecutionMode SCALAR = new ExecutionMode(false, false);
    private static final ExecutionMode REVERSE_SERIAL = new ExecutionMode(VectorSupport.enabled(), true);

    /** One input layout: its shape and a factory for the operand. */
    private record Case(String name, long[] shape, Operand x) {}

    private static List<Case> cases(Arena arena, DType dtype) {
        List<Case> cases = new ArrayList<>();
        long seed = 1;
        for (long n : new long[] {1, 3, 17, 255, 1031}) {
            cases.add(new Case("[" + n + "]", new long[] {n}, ReductionTestData.random(arena, dtype, new long[] {n}, seed++, -1, 1)));
            long[] shape3 = {3, n, 5};
            cases.add(new Case("3x" + n + "x5", shape3, ReductionTestData.random(arena, dtype, shape3, seed++, -1, 1)));
            long[] shape2 = {n, 17};
            cases.add(new Case("permuted " + n + "x17", shape2, ReductionTestData.permuted(arena, dtype, shape2, new int[] {1, 0}, seed++)));
            long[] shapeS = {4, n};
            cases.add(new Case("every 2nd 4x" + n, shapeS, ReductionTestData.strided(arena, dtype, shapeS, 2, seed++)));
        }
        long[] shape4 = {6, 7, 33, 5};
        cases.add(new Case("permuted 6x7x33x5", shape4, ReductionTestData.permuted(arena, dtype, shape4, new int[] {2, 0, 3, 1}, seed++)));
        long[] shapeB = {9, 40};
        Operand row = ReductionTestData.random(arena, dtype, new long[] {40}, seed++, -1, 1);
        cases.add(new Case("broadcast 9x40", shapeB, new Operand(row.data(), dtype, 0, new long[] {0, 1})));
        long[] wide = {300, 257};
        cases.add(new Case("300x257", wide, ReductionTestData.random(arena, dtype, wide, seed, -1, 1)));
        return cases;
    }

    /** Every subset of axes for ranks ≤ 2; first, middle, last, all and none for higher ranks. */
    private static List<boolean[]> axisSets(int rank) {
        List<boolean[]> sets = new ArrayList<>();
        if (rank <= 2) {
            for (int mask = 0; mask < (1 << rank); mask++) {
                boolean[] axes = new boolean[rank];
                for (int d = 0; d < rank; d++) {
                    axes[d] = (mask & (1 << d)) != 0;
                }
                sets.add(axes);
            }
            return sets;
        }
        for (int d = 0; d < rank; d++) {
            boolean[] axes = new boolean[rank];
            axes[d] = true;
            sets.add(axes);
        }
        boolean[] outer = new boolean[rank];
        outer[0] = outer[rank - 1] = true;
        sets.add(outer);
        sets.add(new boolean[rank]);
        boolean[] all = new boolean[rank];
        Arrays.fill(all, true);
        sets.add(all);
        return sets;
    }

    @Test
    void reductionsMatchReferenceOnAllLayouts() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                for (Case c : cases(arena, dtype)) {
                    for (boolean[] axes : axisSets(c.shape().length)) {
                        checkReduce(arena, dtype, c, axes);
                        checkVariance(arena, dtype, c, axes, 1.0);
                    }
                }
            }
        }
    }

    /** Every op, vector and scalar paths, against the reference; sums within 8 ε Σ|x|, max and min exact. */
    private static void checkReduce(Arena arena, DType dtype, Case c, boolean[] axes) {
        long outputs = Shapes.numel(ReductionTestData.keepDimsShape(c.shape(), axes));
        long n = Shapes.numel(c.shape()) / Math.max(1, outputs);
        Operand absSum = ReductionTestData.keepDimsOutput(arena, DType.F64, c.shape(), axes);
        ReductionReference.reduce(ReduceOp.SUM, c.shape(), abs(arena, c), axes, absSum);
        double[] scale = ReductionTestData.values(absSum, outputs);
        double eps = dtype == DType.F32 ? 1e-6 : 1e-14;
        for (ReduceOp op : ReduceOp.values()) {
            Operand ref = ReductionTestData.keepDimsOutput(arena, dtype, c.shape(), axes);
            ReductionReference.reduce(op, c.shape(), c.x(), axes, ref);
            double[] want = ReductionTestData.values(ref, outputs);
            for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.DEFAULT, SCALAR}) {
                Operand fast = ReductionTestData.keepDimsOutput(arena, dtype, c.shape(), axes);
                ReductionKernels.reduce(op, c.shape(), c.x(), axes, fast, mode);
                double[] got = ReductionTestData.values(fast, outputs);
                for (int i = 0; i < outputs; i++) {
                    String where = op + " " + dtype + " " + c.name() + " axes " + Arrays.toString(axes) + " output " + i
                            + (mode.vectors() ? "" : " (scalar)");
                    double tolerance = op == ReduceOp.MAX || op == ReduceOp.MIN
                            ? 0.0
                            : 8 * eps * scale[i] / (op == ReduceOp.MEAN ? n : 1) + Double.MIN_NORMAL;
                    assertEquals(want[i], got[i], tolerance, where);
                }
            }
        }
    }

    private static void checkVariance(Arena arena, DType dtype, Case c, boolean[] axes, double correction) {
        Operand fast = ReductionTestData.keepDimsOutput(arena, dtype, c.shape(), axes);
        Operand ref = ReductionTestData.keepDimsOutput(arena, dtype, c.shape(), axes);
        ReductionKernels.variance(c.shape(), c.x(), axes, correction, fast);
        ReductionReference.variance(c.shape(), c.x(), axes, correction, ref);
        long outputs = Shapes.numel(ReductionTestData.keepDimsShape(c.shape(), axes));
        double[] got = ReductionTestData.values(fast, outputs);
        double[] want = ReductionTestData.values(ref, outputs);
        double eps = dtype == DType.F32 ? 1e-6 : 1e-14;
        for (int i = 0; i < outputs; i++) {
            String where = "variance " + dtype + " " + c.name() + " axes " + Arrays.toString(axes) + " output " + i;
            if (Double.isNaN(want[i])) {
                assertTrue(Double.isNaN(got[i]), where + ": expected NaN, got " + got[i]);
            } else {
                // the F32 mean is rounded to float, which adds n·(rounding error)² ≈ eps² for data in [-1, 1]
                assertEquals(want[i], got[i], 8 * eps * Math.abs(want[i]) + eps * eps, where);
            }
        }
    }

    private static Operand abs(Arena arena, Case c) {
        long[] shape = c.shape();
        Operand absolute = ReductionTestData.contiguous(arena, DType.F64, shape, i -> 0);
        long n = Shapes.numel(shape);
        long[] strides = Shapes.contiguousStrides(shape);
        for (long i = 0; i < n; i++) {
            long at = c.x().offset();
            for (int d = 0; d < shape.length; d++) {
                at += (i / strides[d]) % shape[d] * c.x().strides()[d];
            }
            ReductionTestData.set(absolute.data(), DType.F64, i, Math.abs(ReductionTestData.get(c.x().data(), c.x().dtype(), at)));
        }
        return absolute;
    }

    @Test
    void closedFormSumsMeansAndVariances() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                long n = 1031;
                long[] shape = {n};
                boolean[] all = {true};
                Operand oneToN = ReductionTestData.contiguous(arena, dtype, shape, i -> i + 1);
                Operand out = ReductionTestData.keepDimsOutput(arena, dtype, shape, all);
                ReductionKernels.reduce(ReduceOp.SUM, shape, oneToN, all, out);
                assertEquals(n * (n + 1) / 2.0, ReductionTestData.values(out, 1)[0], 0.0, "sum 1..n " + dtype);
                ReductionKernels.reduce(ReduceOp.MEAN, shape, oneToN, all, out);
                assertEquals((n + 1) / 2.0, ReductionTestData.values(out, 1)[0], 0.0, "mean 1..n " + dtype);
                ReductionKernels.reduce(ReduceOp.MAX, shape, oneToN, all, out);
                assertEquals(n, ReductionTestData.values(out, 1)[0], 0.0, "max 1..n " + dtype);

                double[] set = {2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, Σ(x − 5)² = 32
                long[] setShape = {8};
                Operand known = ReductionTestData.contiguous(arena, dtype, setShape, i -> set[(int) i]);
                Operand var = ReductionTestData.keepDimsOutput(arena, dtype, setShape, all);
                ReductionKernels.variance(setShape, known, all, 0, var);
                assertEquals(4.0, ReductionTestData.values(var, 1)[0], 0.0, "population variance " + dtype);
                ReductionKernels.variance(setShape, known, all, 1, var);
                assertEquals(32.0 / 7.0, ReductionTestData.values(var, 1)[0], dtype == DType.F32 ? 1e-6 : 1e-15, "sample variance " + dtype);
            }
        }
    }

    @Test
    void varianceIsAccurateForDataWithALargeMean() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                // 1e4 + U(−1, 1): variance 1/3, mean 1e4; a one-pass Σx² − n·mean² in float would lose every digit.
                long[] shape = {50_000, 3};
                Operand x = ReductionTestData.random(arena, dtype, shape, 7, 1e4 - 1, 1e4 + 1);
                for (boolean[] axes : new boolean[][] {{true, false}, {true, true}}) {
                    Operand fast = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    Operand ref = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    ReductionKernels.variance(shape, x, axes, 1, fast);
                    ReductionReference.variance(shape, x, axes, 1, ref);
                    long outputs = axes[1] ? 1 : 3;
                    double[] got = ReductionTestData.values(fast, outputs);
                    double[] want = ReductionTestData.values(ref, outputs);
                    for (int i = 0; i < outputs; i++) {
                        assertEquals(1.0 / 3.0, want[i], 0.02, "reference variance near 1/3");
                        assertEquals(want[i], got[i], (dtype == DType.F32 ? 1e-5 : 1e-12) * want[i], "variance " + dtype + " output " + i);
                    }
                }
            }
        }
    }

    @Test
    void largeReductionsAreChunkedAndDeterministic() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                // a full sum over 3 chunks (row plan), a column sum over 4 chunks, and many short rows
                long[][] shapes = {{150_000}, {40_000, 5}, {1_000, 129}};
                boolean[][] axeSets = {{true}, {true, false}, {false, true}};
                for (int k = 0; k < shapes.length; k++) {
                    long[] shape = shapes[k];
                    boolean[] axes = axeSets[k];
                    Operand x = ReductionTestData.random(arena, dtype, shape, 11 + k, -1, 3);
                    long outputs = Shapes.numel(ReductionTestData.keepDimsShape(shape, axes));
                    for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX}) {
                        Operand pooled = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                        Operand reversed = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                        Operand ref = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                        ReductionKernels.reduce(op, shape, x, axes, pooled, ExecutionMode.DEFAULT);
                        ReductionKernels.reduce(op, shape, x, axes, reversed, REVERSE_SERIAL);
                        ReductionReference.reduce(op, shape, x, axes, ref);
                        double[] got = ReductionTestData.values(pooled, outputs);
                        assertArrayEquals(got, ReductionTestData.values(reversed, outputs), 0.0,
                                op + " " + dtype + " " + Shapes.format(shape) + ": pooled and reverse-serial runs differ");
                        double[] want = ReductionTestData.values(ref, outputs);
                        long n = Shapes.numel(shape) / outputs;
                        double tolerance = (dtype == DType.F32 ? 1e-5 : 1e-13) * 3 * n;
                        assertArrayEquals(want, got, op == ReduceOp.MAX ? 0.0 : tolerance, op + " " + dtype + " " + Shapes.format(shape));
                    }
                    Operand pooled = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    Operand reversed = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    ReductionKernels.variance(shape, x, axes, 1, pooled, ExecutionMode.DEFAULT);
                    ReductionKernels.variance(shape, x, axes, 1, reversed, REVERSE_SERIAL);
                    assertArrayEquals(ReductionTestData.values(pooled, outputs), ReductionTestData.values(reversed, outputs), 0.0,
                            "variance " + dtype + " " + Shapes.format(shape) + ": pooled and reverse-serial runs differ");
                }
            }
        }
    }

    @Test
    void columnReductionsGiveTheSameBitsWithAndWithoutVectors() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                long[] shape = {1031, 77};
                boolean[] axes = {true, false};
                Operand x = ReductionTestData.random(arena, dtype, shape, 5, -2, 2);
                for (ReduceOp op : ReduceOp.values()) {
                    Operand vector = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    Operand scalar = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                    ReductionKernels.reduce(op, shape, x, axes, vector, new ExecutionMode(true, false));
                    ReductionKernels.reduce(op, shape, x, axes, scalar, SCALAR);
                    assertArrayEquals(ReductionTestData.values(scalar, 77), ReductionTestData.values(vector, 77), 0.0, op + " " + dtype);
                }
            }
        }
    }

    @Test
    void nanPropagatesThroughMaxAndMin() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                long[] shape = {3, 100};
                Operand x = ReductionTestData.contiguous(arena, dtype, shape, i -> i == 157 ? Double.NaN : i);
                for (boolean[] axes : new boolean[][] {{false, true}, {true, false}}) {
                    for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN, ReduceOp.SUM}) {
                        Operand out = ReductionTestData.keepDimsOutput(arena, dtype, shape, axes);
                        ReductionKernels.reduce(op, shape, x, axes, out);
                        double[] got = ReductionTestData.values(out, axes[1] ? 3 : 100);
                        int nanAt = axes[1] ? 1 : 57;
                        for (int i = 0; i < got.length; i++) {
                            assertEquals(i == nanAt, Double.isNaN(got[i]), op + " " + dtype + " output " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyReductionsFollowPyTorch() {
        try (Arena arena = Arena.ofShared()) {
            long[] shape = {4, 0};
            boolean[] axes = {false, true};
            Operand x = ReductionTestData.contiguous(arena, DType.F32, shape, i -> 0);
            Operand out = ReductionTestData.keepDimsOutput(arena, DType.F32, shape, axes);
            ReductionKernels.reduce(ReduceOp.SUM, shape, x, axes, out);
            assertArrayEquals(new double[] {0, 0, 0, 0}, ReductionTestData.values(out, 4), 0.0);
            ReductionKernels.reduce(ReduceOp.MEAN, shape, x, axes, out);
            assertTrue(Double.isNaN(ReductionTestData.values(out, 4)[0]), "mean of nothing is NaN");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReductionKernels.reduce(ReduceOp.MAX, shape, x, axes, out));
            assertTrue(e.getMessage().contains("[4,0]"), e.getMessage());
        }
    }

    @Test
    void mismatchedRanksAreRejectedWithTheShapes() {
        try (Arena arena = Arena.ofShared()) {
            long[] shape = {2, 3};
            Operand x = ReductionTestData.contiguous(arena, DType.F32, shape, i -> i);
            Operand out = ReductionTestData.contiguous(arena, DType.F32, new long[] {2}, i -> 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReductionKernels.reduce(ReduceOp.SUM, shape, x, new boolean[] {false, true}, out));
            assertTrue(e.getMessage().startsWith("sum: shape [2,3]"), e.getMessage());
        }
    }

    @Test
    void argmaxMatchesReferenceTakesTheFirstMaximumAndNaN() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                Operand ties = ReductionTestData.contiguous(arena, dtype, new long[] {40}, i -> i == 20 || i == 33 ? 5 : 1);
                assertEquals(20, argmax(arena, new long[] {40}, ties, 0), "first of tied maxima " + dtype);
                Operand nan = ReductionTestData.contiguous(arena, dtype, new long[] {40}, i -> i == 30 ? 9 : i == 35 || i == 38 ? Double.NaN : 1);
                assertEquals(35, argmax(arena, new long[] {40}, nan, 0), "first NaN " + dtype);
                for (Case c : cases(arena, dtype)) {
                    for (int axis = 0; axis < c.shape().length; axis++) {
                        boolean[] axes = new boolean[c.shape().length];
                        axes[axis] = true;
                        long outputs = Shapes.numel(ReductionTestData.keepDimsShape(c.shape(), axes));
                        Operand fast = indexOutput(arena, c.shape(), axes);
                        Operand ref = indexOutput(arena, c.shape(), axes);
                        ReductionKernels.argmax(c.shape(), c.x(), axis, fast);
                        ReductionReference.argmax(c.shape(), c.x(), axis, ref);
                        for (int i = 0; i < outputs; i++) {
                            assertEquals(ref.data().getAtIndex(JAVA_LONG, i), fast.data().getAtIndex(JAVA_LONG, i),
                                    "argmax " + dtype + " " + c.name() + " axis " + axis + " output " + i);
                        }
                    }
                }
            }
        }
    }

    private static long argmax(Arena arena, long[] shape, Operand x, int axis) {
        Operand out = indexOutput(arena, shape, new boolean[] {true});
        ReductionKernels.argmax(shape, x, axis, out);
        return out.data().getAtIndex(JAVA_LONG, 0);
    }

    private static Operand indexOutput(Arena arena, long[] shape, boolean[] axes) {
        long[] outShape = ReductionTestData.keepDimsShape(shape, axes);
        return Operand.contiguous(arena.allocate(Shapes.numel(outShape) * 8, 64), DType.I64, 0, outShape);
    }
}
