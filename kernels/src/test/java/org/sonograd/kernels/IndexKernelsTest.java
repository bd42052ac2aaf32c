package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IndexKernels against IndexReference: layouts, dims, dtypes, collisions, bounds errors. */
class IndexKernelsTest {
    private static final long[] SIZES = {1, 3, 17, 255, 1031};
    private static final DType[] DATA_TYPES = {DType.F32, DType.F64, DType.I64};
    private final TestOperands ops = new TestOperands(11);

    @AfterEach
    void close() {
        ops.close();
    }

    /** An I64 operand over shape with uniform values in [0, bound). */
    private Operand indices(long[] shape, TestOperands.Layout layout, long bound) {
        Operand index = ops.operand(DType.I64, shape, layout);
        long n = index.data().byteSize() / 8;
        for (long i = 0; i < n; i++) {
            index.data().setAtIndex(Elements.I64, i, ops.random.nextLong(bound));
        }
        return index;
    }

    @Test
    void gatherMatchesReference() {
        for (DType t : DATA_TYPES) {
            for (long n : SIZES) {
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    long[] xShape = {5, n + 2};
                    Operand x = ops.operand(t, xShape, layout);
                    long[][] indexShapes = {{7, n}, {5, n}};
                    for (int dim = 0; dim < 2; dim++) {
                        long[] indexShape = indexShapes[dim];
                        Operand index = indices(indexShape, layout, xShape[dim]);
                        Operand expected = ops.operand(t, indexShape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(t, indexShape, layout);
                        IndexReference.gather(indexShape, dim, x, xShape[dim], index, expected);
                        IndexKernels.gather(indexShape, dim, x, xShape[dim], index, actual);
                        TestOperands.assertSameBits("gather " + t + " dim " + dim + " " + layout, indexShape, expected, actual);
                    }
                    // an index constant along rows (stride 0): the whole-row copy path
                    long[] rowsShape = {9, n};
                    Operand rowIndex = TestOperands.broadcast(indices(rowsShape, layout, 5), false, true);
                    Operand expected = ops.operand(t, rowsShape, TestOperands.Layout.CONTIGUOUS);
                    Operand actual = ops.operand(t, rowsShape, TestOperands.Layout.CONTIGUOUS);
                    IndexReference.gather(rowsShape, 0, x, 5, rowIndex, expected);
                    IndexKernels.gather(rowsShape, 0, x, 5, rowIndex, actual);
                    TestOperands.assertSameBits("gather rows " + t + " " + layout, rowsShape, expected, actual);
                }
            }
        }
    }

    @Test
    void scatterAddMatchesReferenceBitForBit() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    long[] outShape = {5, n + 2};
                    for (int dim = 0; dim < 2; dim++) {
                        long[] indexShape = dim == 0 ? new long[] {23, n} : new long[] {5, 3 * n};
                        Operand index = indices(indexShape, layout, outShape[dim]); // many collisions
                        Operand src = ops.operand(t, indexShape, layout);
                        Operand expected = ops.operand(t, outShape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.copyOf(outShape, expected);
                        IndexReference.scatterAdd(indexShape, dim, index, src, expected, outShape[dim]);
                        IndexKernels.scatterAdd(indexShape, dim, index, src, actual, outShape[dim]);
                        TestOperands.assertSameBits("scatterAdd " + t + " dim " + dim + " " + layout, outShape, expected, actual);
                    }
                }
            }
        }
    }

    @Test
    void scatterAddSplitOverManyTasksKeepsTheSerialOrder() {
        // 300000 elements in parallel tasks; the serial reference adds in row-major order
        for (int dim = 0; dim < 2; dim++) {
            long[] outShape = {40, 1500};
            long[] indexShape = dim == 0 ? new long[] {200, 1500} : new long[] {40, 7500};
            Operand index = indices(indexShape, TestOperands.Layout.CONTIGUOUS, outShape[dim]);
            Operand src = ops.operand(DType.F32, indexShape, TestOperands.Layout.CONTIGUOUS);
            Operand expected = ops.operand(DType.F32, outShape, TestOperands.Layout.CONTIGUOUS);
            Operand actual = ops.copyOf(outShape, expected);
            IndexReference.scatterAdd(indexShape, dim, index, src, expected, outShape[dim]);
            IndexKernels.scatterAdd(indexShape, dim, index, src, actual, outShape[dim]);
            TestOperands.assertSameBits("scatterAdd parallel dim " + dim, outShape, expected, actual);
        }
    }

    @Test
    void indexSelectMatchesReference() {
        for (DType t : DATA_TYPES) {
            for (long n : SIZES) {
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    long[] xShape = {7, n};
                    Operand x = ops.operand(t, xShape, layout);
                    for (int dim = 0; dim < 2; dim++) {
                        long length = 4;
                        Operand index = indices(new long[] {length}, TestOperands.Layout.STEPPED, xShape[dim]);
                        long[] outShape = xShape.clone();
                        outShape[dim] = length;
                        Operand expected = ops.operand(t, outShape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(t, outShape, layout);
                        IndexReference.indexSelect(outShape, dim, x, xShape[dim], index, expected);
                        IndexKernels.indexSelect(outShape, dim, x, xShape[dim], index, actual);
                        TestOperands.assertSameBits("indexSelect " + t + " dim " + dim + " " + layout, outShape, expected, actual);
                    }
                }
            }
        }
    }

    @Test
    void maskedFillAndWhereMatchReference() {
        for (DType t : DATA_TYPES) {
            for (long n : SIZES) {
                long[] shape = {4, n};
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    Operand x = ops.operand(t, shape, layout);
                    Operand y = TestOperands.broadcast(ops.operand(t, shape, layout), true, false);
                    Operand mask = ops.operand(DType.BOOL, shape, layout);
                    Operand rowMask = TestOperands.broadcast(ops.operand(DType.BOOL, shape, layout), true, false);
                    for (Operand m : new Operand[] {mask, rowMask}) {
                        Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(t, shape, layout);
                        IndexReference.maskedFill(shape, x, m, -2.5, expected);
                        IndexKernels.maskedFill(shape, x, m, -2.5, actual);
                        TestOperands.assertSameBits("maskedFill " + t + " " + layout, shape, expected, actual);
                        IndexReference.where(shape, m, x, y, expected);
                        IndexKernels.where(shape, m, x, y, actual);
                        TestOperands.assertSameBits("where " + t + " " + layout, shape, expected, actual);
                    }
                    IndexReference.maskedFill(shape, x, mask, 7, x); // in place
                    Operand again = ops.copyOf(shape, x);
                    IndexKernels.maskedFill(shape, again, mask, 7, again);
                    TestOperands.assertSameBits("maskedFill in place " + t, shape, x, again);
                }
            }
        }
    }

    @Test
    void closedFormCases() {
        // torch.gather docs: gather([[1, 2], [3, 4]], 1, [[0, 0], [1, 0]]) = [[1, 1], [4, 3]]
        long[] two = {2, 2};
        Operand out = ops.operand(DType.F32, two, TestOperands.Layout.CONTIGUOUS);
        IndexKernels.gather(two, 1, ops.of(DType.F32, two, 1, 2, 3, 4), 2, ops.of(DType.I64, two, 0, 0, 1, 0), out);
        assertArrayEquals(new double[] {1, 1, 4, 3}, TestOperands.values(two, out));

        // zeros(3).scatter_add_(0, [0, 1, 0, 2], [1, 2, 3, 4]) = [4, 2, 4]
        long[] three = {3};
        long[] four = {4};
        Operand sums = ops.of(DType.F64, three, 0, 0, 0);
        IndexKernels.scatterAdd(four, 0, ops.of(DType.I64, four, 0, 1, 0, 2), ops.of(DType.F64, four, 1, 2, 3, 4), sums, 3);
        assertArrayEquals(new double[] {4, 2, 4}, TestOperands.values(three, sums));

        // index_select([[1, 2, 3], [4, 5, 6]], 1, [2, 0]) = [[3, 1], [6, 4]]
        Operand selected = ops.operand(DType.I64, two, TestOperands.Layout.CONTIGUOUS);
        IndexKernels.indexSelect(two, 1, ops.of(DType.I64, new long[] {2, 3}, 1, 2, 3, 4, 5, 6), 3,
                ops.of(DType.I64, new long[] {2}, 2, 0), selected);
        assertArrayEquals(new double[] {3, 1, 6, 4}, TestOperands.values(two, selected));

        Operand mask = ops.of(DType.BOOL, three, 1, 0, 1);
        Operand filled = ops.operand(DType.F32, three, TestOperands.Layout.CONTIGUOUS);
        IndexKernels.maskedFill(three, ops.of(DType.F32, three, 1, 2, 3), mask, Double.NEGATIVE_INFINITY, filled);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 2, Double.NEGATIVE_INFINITY}, TestOperands.values(three, filled));
        IndexKernels.where(three, mask, ops.of(DType.F32, three, 1, 2, 3), ops.of(DType.F32, three, 10, 20, 30), filled);
        assertArrayEquals(new double[] {1, 20, 3}, TestOperands.values(three, filled));
    }

    @Test
    void outOfRangeIndicesNameKernelValuePositionAndRange() {
        long[] shape = {2, 3};
        Operand x = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand out = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand index = ops.of(DType.I64, shape, 0, 1, 0, 1, 5, -1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> IndexKernels.gather(shape, 0, x, 2, index, out));
        assertEquals("gather: index 5 at position [1,1] is out of range [0, 2) for dim 0 of size 2", e.getMessage());

        Operand negative = ops.of(DType.I64, shape, 0, -1, 0, 0, 0, 0);
        e = assertThrows(IndexOutOfBoundsException.class, () -> IndexKernels.gather(shape, 0, x, 2, negative, out));
        assertEquals("gather: index -1 at position [0,1] is out of range [0, 2) for dim 0 of size 2", e.getMessage());

        Operand before = ops.copyOf(shape, out);
        e = assertThrows(IndexOutOfBoundsException.class, () -> IndexKernels.scatterAdd(shape, 0, index, x, out, 2));
        assertEquals("scatterAdd: index 5 at position [1,1] is out of range [0, 2) for dim 0 of size 2", e.getMessage());
        TestOperands.assertSameBits("scatterAdd leaves out untouched on error", shape, before, out);

        Operand list = ops.of(DType.I64, new long[] {3}, 2, 0, 3);
        e = assertThrows(IndexOutOfBoundsException.class, () -> IndexKernels.indexSelect(shape, 1, x, 3, list, out));
        assertEquals("indexSelect: index 3 at position [2] is out of range [0, 3) for dim 1 of size 3", e.getMessage());
    }
}
