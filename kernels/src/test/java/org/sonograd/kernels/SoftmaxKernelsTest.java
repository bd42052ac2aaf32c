package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

class SoftmaxKernelsTest {
    private static final DType[] FLOAT_TYPES = {DType.F32, DType.F64};
    private static final ExecutionMode SCALAR = new ExecutionMode(false, false);
    private static final ExecutionMode REVERSE_SERIAL = new ExecutionMode(VectorSupport.enabled(), true);

    private interface RowKernel {
        void run(long rows, long cols, Operand x, Operand y, ExecutionMode mode);
    }

    private interface ReferenceKernel {
        void run(long rows, long cols, Operand x, Operand y);
    }

    @Test
    void matchesReferenceOnContiguousPaddedAndTransposedRows() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                double tolerance = dtype == DType.F32 ? 2e-6 : 1e-14;
                for (long cols : new long[] {1, 3, 17, 255, 1031}) {
                    long rows = 7;
                    long[] shape = {rows, cols};
                    Operand[] inputs = {
                        ReductionTestData.random(arena, dtype, shape, cols, -8, 8),
                        padded(arena, dtype, rows, cols, cols + 5),
                        ReductionTestData.permuted(arena, dtype, shape, new int[] {1, 0}, cols + 1),
                        ReductionTestData.strided(arena, dtype, shape, 2, cols + 2),
                    };
                    for (Operand x : inputs) {
                        for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.DEFAULT, SCALAR}) {
                            String where = dtype + " " + rows + "x" + cols + " strides " + x.strides()[0] + "," + x.strides()[1]
                                    + (mode.vectors() ? "" : " scalar");
                            compareRows("softmax " + where, arena, x, rows, cols, SoftmaxKernels::softmax, SoftmaxReference::softmax, mode, tolerance);
                            compareRows("logSoftmax " + where, arena, x, rows, cols, SoftmaxKernels::logSoftmax, SoftmaxReference::logSoftmax, mode, tolerance);
                            Operand fast = ReductionTestData.contiguous(arena, dtype, new long[] {rows}, i -> Double.NaN);
                            Operand ref = ReductionTestData.contiguous(arena, dtype, new long[] {rows}, i -> Double.NaN);
                            SoftmaxKernels.logSumExp(rows, cols, x, fast, mode);
                            SoftmaxReference.logSumExp(rows, cols, x, ref);
                            assertClose("logSumExp " + where, ReductionTestData.values(ref, rows), ReductionTestData.values(fast, rows), tolerance);
                        }
                    }
                }
            }
        }
    }

    private static void compareRows(String where, Arena arena, Operand x, long rows, long cols, RowKernel fastKernel,
            ReferenceKernel refKernel, ExecutionMode mode, double tolerance) {
        long[] shape = {rows, cols};
        Operand fast = ReductionTestData.contiguous(arena, x.dtype(), shape, i -> Double.NaN);
        Operand ref = ReductionTestData.contiguous(arena, x.dtype(), shape, i -> Double.NaN);
        fastKernel.run(rows, cols, x, fast, mode);
        refKernel.run(rows, cols, x, ref);
        assertClose(where, ReductionTestData.values(ref, rows * cols), ReductionTestData.values(fast, rows * cols), tolerance);
    }

    /** |got − want| ≤ tolerance · max(1, |want|), elementwise. */
    private static void assertClose(String where, double[] want, double[] got, double tolerance) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), where + " element " + i);
        }
    }

    /** Rows of {@code cols} elements placed {@code rowStride} apart. */
    private static Operand padded(Arena arena, DType dtype, long rows, long cols, long rowStride) {
        Operand base = ReductionTestData.random(arena, dtype, new long[] {rows, rowStride}, rowStride * 31, -30, 30);
        return new Operand(base.data(), dtype, 2, new long[] {rowStride, 1});
    }

    @Test
    void closedFormValues() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                double tolerance = dtype == DType.F32 ? 1e-7 : 1e-15;
                long n = 255;
                Operand equal = ReductionTestData.contiguous(arena, dtype, new long[] {1, n}, i -> 3.25);
                Operand y = ReductionTestData.contiguous(arena, dtype, new long[] {1, n}, i -> 0);
                SoftmaxKernels.softmax(1, n, equal, y);
                for (double v : ReductionTestData.values(y, n)) {
                    assertEquals(1.0 / n, v, tolerance, "softmax of equal logits " + dtype);
                }
                SoftmaxKernels.logSoftmax(1, n, equal, y);
                for (double v : ReductionTestData.values(y, n)) {
                    assertEquals(-Math.log(n), v, 8 * tolerance, "logSoftmax of equal logits " + dtype);
                }
                Operand pair = ReductionTestData.contiguous(arena, dtype, new long[] {1, 2}, i -> i == 0 ? 0 : Math.log(3));
                Operand lse = ReductionTestData.contiguous(arena, dtype, new long[] {1}, i -> 0);
                SoftmaxKernels.logSumExp(1, 2, pair, lse);
                assertEquals(Math.log(4), ReductionTestData.values(lse, 1)[0], 8 * tolerance, "logSumExp [0, ln 3] " + dtype);

                // large logits stay finite: softmax [1000, 1001] = [1, e] / (1 + e)
                Operand large = ReductionTestData.contiguous(arena, dtype, new long[] {1, 2}, i -> 1000 + i);
                Operand p = ReductionTestData.contiguous(arena, dtype, new long[] {1, 2}, i -> 0);
                SoftmaxKernels.softmax(1, 2, large, p);
                double e = Math.E;
                assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e)}, ReductionTestData.values(p, 2), 4 * tolerance, "softmax [1000, 1001] " + dtype);
            }
        }
    }

    @Test
    void infiniteRowsFollowPyTorch() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.DEFAULT, SCALAR}) {
                    long cols = 37;
                    // row 0: all −inf; row 1: one +inf; row 2: −inf except one 0
                    Operand x = ReductionTestData.contiguous(arena, dtype, new long[] {3, cols}, i -> {
                        long r = i / cols;
                        long c = i % cols;
                        if (r == 1) {
                            return c == 5 ? Double.POSITIVE_INFINITY : 1.0;
                        }
                        return r == 2 && c == 30 ? 0.0 : Double.NEGATIVE_INFINITY;
                    });
                    Operand lse = ReductionTestData.contiguous(arena, dtype, new long[] {3}, i -> 0);
                    SoftmaxKernels.logSumExp(3, cols, x, lse, mode);
                    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0},
                            ReductionTestData.values(lse, 3), 0.0, "logSumExp " + dtype);
                    Operand y = ReductionTestData.contiguous(arena, dtype, new long[] {3, cols}, i -> 0);
                    SoftmaxKernels.softmax(3, cols, x, y, mode);
                    double[] softmax = ReductionTestData.values(y, 3 * cols);
                    for (int c = 0; c < cols; c++) {
                        assertTrue(Double.isNaN(softmax[c]), "softmax of an all −inf row is NaN");
                        assertTrue(Double.isNaN(softmax[(int) cols + c]), "softmax of a row holding +inf is NaN");
                        assertEquals(c == 30 ? 1.0 : 0.0, softmax[2 * (int) cols + c], 0.0, "softmax of a one-hot row");
                    }
                    SoftmaxKernels.logSoftmax(3, cols, x, y, mode);
                    assertTrue(Double.isNaN(ReductionTestData.values(y, 1)[0]), "logSoftmax of an all −inf row is NaN");
                }
            }
        }
    }

    @Test
    void bitsDoNotDependOnTaskAssignment() {
        try (Arena arena = Arena.ofShared()) {
            long rows = 300;
            long cols = 257;
            Operand x = ReductionTestData.random(arena, DType.F32, new long[] {rows, cols}, 3, -5, 5);
            Operand pooled = ReductionTestData.contiguous(arena, DType.F32, new long[] {rows, cols}, i -> 0);
            Operand reversed = ReductionTestData.contiguous(arena, DType.F32, new long[] {rows, cols}, i -> 0);
            SoftmaxKernels.softmax(rows, cols, x, pooled, ExecutionMode.DEFAULT);
            SoftmaxKernels.softmax(rows, cols, x, reversed, REVERSE_SERIAL);
            assertArrayEquals(ReductionTestData.values(pooled, rows * cols), ReductionTestData.values(reversed, rows * cols), 0.0);
        }
    }

    /**
     * The vector lanes and the scalar tail of a row compute exp the same way (VectorMath and its
     * scalar twin): equal inputs in a lane and in the tail give equal outputs, bit for bit.
     */
    @Test
    void laneAndTailGiveTheSameBits() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : FLOAT_TYPES) {
                int lanes = dtype == DType.F32 ? VectorSupport.FLOATS.length() : VectorSupport.DOUBLES.length();
                long cols = 2L * lanes + 3;
                Operand x = ReductionTestData.random(arena, dtype, new long[] {1, cols}, 11, -6, 6);
                ReductionTestData.set(x.data(), dtype, cols - 1, ReductionTestData.get(x.data(), dtype, 1));
                Operand y = ReductionTestData.contiguous(arena, dtype, new long[] {1, cols}, i -> 0);
                for (RowKernel kernel : new RowKernel[] {SoftmaxKernels::softmax, SoftmaxKernels::logSoftmax}) {
                    kernel.run(1, cols, x, y, ExecutionMode.DEFAULT);
                    double[] v = ReductionTestData.values(y, cols);
                    assertEquals(Double.doubleToLongBits(v[1]), Double.doubleToLongBits(v[(int) cols - 1]), dtype + " lane 1 vs tail");
                }
            }
        }
    }

    @Test
    void wrongRanksAreRejected() {
        try (Arena arena = Arena.ofShared()) {
            Operand x = ReductionTestData.contiguous(arena, DType.F32, new long[] {2, 3}, i -> i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoftmaxKernels.logSumExp(2, 3, x, x));
            assertTrue(e.getMessage().startsWith("logSumExp: needs a rank-2 input [2,3] and a rank-1 output"), e.getMessage());
        }
    }
}
