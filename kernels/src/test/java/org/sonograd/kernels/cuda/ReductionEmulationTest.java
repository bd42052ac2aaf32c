package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** reduction.cu under emulation against plain double loops; the full sum spans several 4096-element chunks. */
class ReductionEmulationTest {
    private static final String[] OPS = {"sum", "mean", "max", "min"};

    @Test
    void rowAndColumnReductionsMatchPlainLoops() {
        Random random = new Random(51);
        int[][] shapes = {{1, 1}, {17, 3}, {5, 1000}, {33, 65}};
        for (int[] s : shapes) {
            int rows = s[0];
            int cols = s[1];
            float[] x = Close.uniform(random, rows * cols, -1, 1);
            for (int op = 0; op < 4; op++) {
                float[] byRow = EmulatedCuda.run("reduce", List.of(0, op, rows, cols), x).floats(rows);
                float[] byCol = EmulatedCuda.run("reduce", List.of(1, op, rows, cols), x).floats(cols);
                double[] expectRow = new double[rows];
                double[] expectCol = new double[cols];
                for (int r = 0; r < rows; r++) {
                    expectRow[r] = reduce(op, x, r * cols, 1, cols);
                }
                for (int c = 0; c < cols; c++) {
                    expectCol[c] = reduce(op, x, c, cols, rows);
                }
                String what = OPS[op] + " " + rows + "×" + cols;
                assertClose(what + " over rows", expectRow, byRow, 1e-6, 1e-5);
                assertClose(what + " over columns", expectCol, byCol, 1e-6, 1e-5);
            }
        }
    }

    @Test
    void fullSumIsCorrectAndRepeatsBitForBit() {
        float[] x = Close.uniform(new Random(52), 3 * 4096 + 17, -1, 1);
        float first = EmulatedCuda.run("reduce", List.of(2, 0, 1, x.length), x).scalar();
        float second = EmulatedCuda.run("reduce", List.of(2, 0, 1, x.length), x).scalar();
        assertClose("sum of " + x.length, reduce(0, x, 0, 1, x.length), first, 1e-4, 1e-5);
        assertArrayEquals(new float[] {first}, new float[] {second});
    }

    @Test
    void maxAndMinPropagateNaN() {
        float[] x = {1, Float.NaN, 3, 2, 5, 0};
        for (int op = 2; op <= 3; op++) {
            float[] got = EmulatedCuda.run("reduce", List.of(0, op, 2, 3), x).floats(2);
            assertClose(OPS[op] + " with NaN", new double[] {Double.NaN, op == 2 ? 5 : 0}, got, 0, 0);
        }
    }

    private static double reduce(int op, float[] x, int start, int step, int count) {
        double acc = op == 2 ? Double.NEGATIVE_INFINITY : (op == 3 ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < count; i++) {
            double v = x[start + i * step];
            acc = op <= 1 ? acc + v : (op == 2 ? Math.max(acc, v) : Math.min(acc, v));
        }
        return op == 1 ? acc / count : acc;
    }
}
