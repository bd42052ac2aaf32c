package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaReductions;

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
                float[] byRow = reduce(op, rows, cols, x, false);
                float[] byCol = reduce(op, rows, cols, x, true);
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
        float first = sum(x);
        float second = sum(x);
        assertClose("sum of " + x.length, reduce(0, x, 0, 1, x.length), first, 1e-4, 1e-5);
        assertArrayEquals(new float[] {first}, new float[] {second});
    }

    @Test
    void maxAndMinPropagateNaN() {
        float[] x = {1, Float.NaN, 3, 2, 5, 0};
        for (int op = 2; op <= 3; op++) {
            float[] got = reduce(op, 2, 3, x, false);
            assertClose(OPS[op] + " with NaN", new double[] {Double.NaN, op == 2 ? 5 : 0}, got, 0, 0);
        }
    }

    @Test
    void theSumOfNothingIsZero() {
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(1);
            new CudaReductions(s.launcher()).sum(0, s.upload(new float[0]), out);
            assertArrayEquals(new float[] {0f}, s.floats(out));
        }
    }

    private static float[] reduce(int op, int rows, int cols, float[] x, boolean byColumn) {
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(byColumn ? cols : rows);
            CudaReductions reductions = new CudaReductions(s.launcher());
            if (byColumn) {
                reductions.cols(CudaReductions.Op.values()[op], rows, cols, s.upload(x), out);
            } else {
                reductions.rows(CudaReductions.Op.values()[op], rows, cols, s.upload(x), out);
            }
            return s.floats(out);
        }
    }

    private static float sum(float[] x) {
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(1);
            new CudaReductions(s.launcher()).sum(x.length, s.upload(x), out);
            return s.scalar(out);
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
