package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaSoftmax;

/** softmax.cu (softmax and log-softmax, forward and backward) under emulation against double loops. */
class SoftmaxEmulationTest {
    @Test
    void softmaxAndLogSoftmaxForwardAndBackward() {
        Random random = new Random(61);
        int[][] shapes = {{1, 1}, {3, 17}, {17, 3}, {2, 1000}, {5, 257}};
        for (int[] s : shapes) {
            for (int log = 0; log <= 1; log++) {
                check(random, log, s[0], s[1], 10);
            }
        }
        check(random, 0, 3, 33, 200);  // logits far beyond exp's range: the online max keeps it finite
    }

    private static void check(Random random, int log, int rows, int cols, double range) {
        float[] x = Close.uniform(random, rows * cols, -range, range);
        float[] dy = Close.uniform(random, rows * cols, -1, 1);
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            CudaSoftmax softmax = new CudaSoftmax(s.launcher());
            DeviceBuffer y = s.allocate(rows * cols);
            DeviceBuffer dx = s.allocate(rows * cols);
            softmax.forward(log == 1, rows, cols, s.upload(x), y);
            softmax.backward(log == 1, rows, cols, y, s.upload(dy), dx);
            out = s.outputs(y, dx);
        }
        float[] y = out.floats(rows * cols);
        float[] dx = out.floats(rows * cols);
        double[] expectY = new double[rows * cols];
        double[] expectDx = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[r * cols + c] - max);
            }
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double p = Math.exp(x[i] - max) / sum;
                expectY[i] = log == 1 ? x[i] - max - Math.log(sum) : p;
                dot += log == 1 ? dy[i] : dy[i] * y[i];  // backward uses the kernel's own forward output
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                expectDx[i] = log == 1 ? dy[i] - Math.exp(y[i]) * dot : y[i] * (dy[i] - dot);
            }
        }
        String what = (log == 1 ? "log-softmax " : "softmax ") + rows + "×" + cols;
        assertClose(what, expectY, y, 1e-6, 1e-5);
        assertClose(what + " backward", expectDx, dx, 1e-6, 1e-4);
    }
}
