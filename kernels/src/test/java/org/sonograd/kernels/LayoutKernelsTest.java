package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LayoutKernels against LayoutReference: every dtype pair, layouts, transposes of awkward sizes, cat. */
class LayoutKernelsTest {
    private static final long[] SIZES = {1, 3, 17, 255, 1031};
    /** (source, destination) layouts: the dense row path, the transpose path, the strided row path. */
    private static final TestOperands.Layout[][] LAYOUT_PAIRS = {
        {TestOperands.Layout.CONTIGUOUS, TestOperands.Layout.CONTIGUOUS},
        {TestOperands.Layout.PERMUTED, TestOperands.Layout.CONTIGUOUS},
        {TestOperands.Layout.STEPPED, TestOperands.Layout.PERMUTED},
    };
    private final TestOperands ops = new TestOperands(7);

    @AfterEach
    void close() {
        ops.close();
    }

    @Test
    void copyConvertsBetweenEveryDtypePairOnEveryPath() {
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                for (long n : SIZES) {
                    long[] shape = {3, n};
                    for (TestOperands.Layout[] layouts : LAYOUT_PAIRS) {
                        TestOperands.Layout srcLayout = layouts[0];
                        TestOperands.Layout dstLayout = layouts[1];
                        Operand src = ops.operand(from, shape, srcLayout);
                        if (from.isFloatingPoint()) { // values of every sign and size, fractions included
                            ops.randomize(src.data(), from, src.data().byteSize() / from.byteSize(), -300, 300);
                        }
                        Operand expected = ops.operand(to, shape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(to, shape, dstLayout);
                        LayoutReference.copy(shape, src, expected);
                        LayoutKernels.copy(shape, src, actual);
                        TestOperands.assertSameBits("copy " + from + "->" + to + " " + srcLayout + "->" + dstLayout,
                                shape, expected, actual);
                    }
                }
            }
        }
    }

    @Test
    void transposedCopiesOfAwkwardSizes() {
        long[][] shapes = {{33, 1031}, {1031, 33}, {1, 17}, {17, 1}, {255, 3}, {64, 64}};
        for (DType t : new DType[] {DType.F32, DType.F64, DType.U8}) {
            for (long[] shape : shapes) {
                Operand src = ops.operand(t, shape, TestOperands.Layout.PERMUTED);
                Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                Operand actual = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                LayoutReference.copy(shape, src, expected);
                LayoutKernels.copy(shape, src, actual);
                TestOperands.assertSameBits("transpose " + t + " " + Shapes.format(shape), shape, expected, actual);
            }
        }
    }

    @Test
    void permutedCopiesWithBatchDims() {
        // NCHW storage read as NHWC, plus a 4-D reversal: tiles with batch dims on both sides
        long[] nhwc = {2, 5, 37, 3};
        long[] nchwStrides = {3 * 5 * 37, 37, 1, 5 * 37};
        long[][] cases = {nhwc, {3, 4, 5, 6}};
        for (DType t : new DType[] {DType.F32, DType.I64}) {
            for (long[] shape : cases) {
                Operand src = shape == nhwc
                        ? new Operand(ops.operand(t, new long[] {Shapes.numel(shape)}, TestOperands.Layout.CONTIGUOUS).data(), t, 0, nchwStrides)
                        : ops.operand(t, shape, TestOperands.Layout.PERMUTED);
                Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                Operand actual = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                LayoutReference.copy(shape, src, expected);
                LayoutKernels.copy(shape, src, actual);
                TestOperands.assertSameBits("permuted " + t + " " + Shapes.format(shape), shape, expected, actual);
            }
        }
    }

    @Test
    void copyBroadcastsAStrideZeroSource() {
        long[] shape = {4, 17};
        Operand row = TestOperands.broadcast(ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS), true, false);
        Operand expected = ops.operand(DType.F64, shape, TestOperands.Layout.CONTIGUOUS);
        Operand actual = ops.operand(DType.F64, shape, TestOperands.Layout.CONTIGUOUS);
        LayoutReference.copy(shape, row, expected);
        LayoutKernels.copy(shape, row, actual);
        TestOperands.assertSameBits("broadcast copy", shape, expected, actual);
    }

    @Test
    void conversionRulesByHand() {
        long[] shape = {7};
        Operand floats = ops.of(DType.F32, shape, 3.7, -3.7, 0.5, -0.0, 255.9, 256.0, Double.NaN);
        Operand out = ops.operand(DType.I64, shape, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.copy(shape, floats, out);
        assertArrayEquals(new double[] {3, -3, 0, 0, 255, 256, 0}, TestOperands.values(shape, out));
        Operand bytes = ops.operand(DType.U8, shape, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.copy(shape, floats, bytes);
        assertArrayEquals(new double[] {3, 253, 0, 0, 255, 0, 0}, TestOperands.values(shape, bytes));
        Operand bools = ops.operand(DType.BOOL, shape, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.copy(shape, floats, bools);
        assertArrayEquals(new double[] {1, 1, 1, 0, 1, 1, 1}, TestOperands.values(shape, bools));
        Operand back = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.copy(shape, bytes, back);
        assertArrayEquals(new double[] {3, 253, 0, 0, 255, 0, 0}, TestOperands.values(shape, back));

        // transpose of [[1, 2, 3], [4, 5, 6]]
        long[] t = {3, 2};
        Operand m = ops.of(DType.F64, new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Operand mt = ops.operand(DType.F64, t, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.copy(t, new Operand(m.data(), DType.F64, 0, new long[] {1, 3}), mt);
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, TestOperands.values(t, mt));
    }

    @Test
    void catMatchesReferenceAlongEveryDim() {
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            for (int dim = 0; dim < 3; dim++) {
                long[][] shapes = {{2, 3, 17}, {2, 3, 17}, {2, 3, 17}};
                shapes[1][dim] = 1;
                shapes[2][dim] = 5;
                long[] outShape = {2, 3, 17};
                outShape[dim] = shapes[0][dim] + 1 + 5;
                Operand[] inputs = {ops.operand(t, shapes[0], TestOperands.Layout.PERMUTED),
                    ops.operand(t, shapes[1], TestOperands.Layout.CONTIGUOUS), ops.operand(t, shapes[2], TestOperands.Layout.STEPPED)};
                Operand expected = ops.operand(t, outShape, TestOperands.Layout.CONTIGUOUS);
                Operand actual = ops.operand(t, outShape, TestOperands.Layout.CONTIGUOUS);
                LayoutReference.cat(shapes, inputs, dim, expected);
                LayoutKernels.cat(shapes, inputs, dim, actual);
                TestOperands.assertSameBits("cat " + t + " dim " + dim, outShape, expected, actual);
            }
        }
        long[] two = {2};
        Operand out = ops.operand(DType.F32, new long[] {5}, TestOperands.Layout.CONTIGUOUS);
        LayoutKernels.cat(new long[][] {two, {3}}, new Operand[] {ops.of(DType.F32, two, 1, 2), ops.of(DType.F32, new long[] {3}, 3, 4, 5)}, 0, out);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, TestOperands.values(new long[] {5}, out));
    }

    @Test
    void catRejectsMismatchedShapes() {
        long[][] shapes = {{2, 3}, {4, 3}};
        Operand[] inputs = {ops.operand(DType.F32, shapes[0], TestOperands.Layout.CONTIGUOUS),
            ops.operand(DType.F32, shapes[1], TestOperands.Layout.CONTIGUOUS)};
        Operand out = ops.operand(DType.F32, new long[] {2, 6}, TestOperands.Layout.CONTIGUOUS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayoutKernels.cat(shapes, inputs, 1, out));
        assertTrue(e.getMessage().contains("[2,3]") && e.getMessage().contains("[4,3]") && e.getMessage().contains("except 1"), e.getMessage());
    }
}
