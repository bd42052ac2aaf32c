package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StridedRowsTest {
    private static Operand op(long... strides) {
        return new Operand(null, DType.F32, 0, strides);
    }

    @Test
    void denseOperandsMergeIntoOneRow() {
        StridedRows rows = new StridedRows(new long[] {2, 3, 4}, op(12, 4, 1), op(12, 4, 1));
        assertEquals(1, rows.rows());
        assertEquals(24, rows.rowLength());
    }

    @Test
    void broadcastAndPermutedOperandsVisitEveryElementOnce() {
        long[] shape = {2, 3, 4};
        // operand 0 dense, operand 1 broadcast along dim 1, operand 2 transposed (dims 0 and 2 swapped)
        StridedRows rows = new StridedRows(shape, op(12, 4, 1), op(4, 0, 1), op(1, 2, 6));
        List<long[]> seen = new ArrayList<>();
        rows.forEach(0, rows.rows(), (offsets, length) -> {
            for (long i = 0; i < length; i++) {
                seen.add(new long[] {offsets[0] + i * rows.innerStride(0), offsets[1] + i * rows.innerStride(1),
                        offsets[2] + i * rows.innerStride(2)});
            }
        });
        assertEquals(24, seen.size());
        int k = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    assertArrayEquals(new long[] {a * 12 + b * 4 + c, a * 4 + c, a + b * 2 + c * 6}, seen.get(k++));
                }
            }
        }
    }

    @Test
    void sizeOneDimsAndScalarsAndEmptyShapes() {
        StridedRows scalar = new StridedRows(new long[0]);
        assertEquals(1, scalar.rows());
        assertEquals(1, scalar.rowLength());
        StridedRows ones = new StridedRows(new long[] {1, 5, 1}, op(99, 1, 77));
        assertEquals(1, ones.rows());
        assertEquals(5, ones.rowLength());
        StridedRows empty = new StridedRows(new long[] {3, 0}, op(0, 1));
        assertEquals(0, empty.rows());
    }
}
