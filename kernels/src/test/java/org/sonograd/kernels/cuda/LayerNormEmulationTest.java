package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaLayerNorm;

/** layernorm.cu forward and backward under emulation against double loops and a finite-difference check. */
class LayerNormEmulationTest {
    private static final float EPS = 1e-5f;

    @Test
    void forwardAndBackwardMatchPlainLoops() {
        Random random = new Random(71);
        int[][] shapes = {{1, 1}, {3, 17}, {17, 3}, {4, 1000}, {33, 65}};
        for (int[] s : shapes) {
            check(random, s[0], s[1], true);
        }
        check(random, 5, 33, false);
    }

    private static void check(Random random, int rows, int cols, boolean affine) {
        float[] x = Close.uniform(random, rows * cols, -2, 3);
        float[] gamma = Close.uniform(random, cols, 0.5, 1.5);
        float[] beta = Close.uniform(random, cols, -1, 1);
        float[] dy = Close.uniform(random, rows * cols, -1, 1);
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            CudaLayerNorm norm = new CudaLayerNorm(s.launcher());
            DeviceBuffer xs = s.upload(x);
            DeviceBuffer dys = s.upload(dy);
            DeviceBuffer g = s.optional(affine, gamma);
            DeviceBuffer y = s.allocate(rows * cols);
            DeviceBuffer mean = s.allocate(rows);
            DeviceBuffer rstd = s.allocate(rows);
            DeviceBuffer dx = s.allocate(rows * cols);
            DeviceBuffer dgamma = s.allocate(cols);
            DeviceBuffer dbeta = s.allocate(cols);
            norm.forward(rows, cols, EPS, xs, g, s.optional(affine, beta), y, mean, rstd);
            norm.backwardData(rows, cols, xs, g, mean, rstd, dys, dx);
            norm.backwardParams(rows, cols, xs, mean, rstd, dys, dgamma, dbeta);
            out = s.outputs(y, mean, rstd, dx, dgamma, dbeta);
        }
        double[] y = new double[rows * cols];
        double[] mean = new double[rows];
        double[] rstd = new double[rows];
        double[] dx = new double[rows * cols];
        double[] dgamma = new double[cols];
        double[] dbeta = new double[cols];
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int c = 0; c < cols; c++) {
                mu += x[r * cols + c];
            }
            mu /= cols;
            double var = 0;
            for (int c = 0; c < cols; c++) {
                var += (x[r * cols + c] - mu) * (x[r * cols + c] - mu);
            }
            double rs = 1 / Math.sqrt(var / cols + EPS);
            mean[r] = mu;
            rstd[r] = rs;
            // dx by the chain rule written out over the whole row: dx_c = Σ_e g_e ∂x̂_e/∂x_c · r-scaled
            double sumG = 0;
            double sumGX = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = (x[i] - mu) * rs;
                double g = dy[i] * (affine ? gamma[c] : 1);
                y[i] = affine ? xhat * gamma[c] + beta[c] : xhat;
                sumG += g;
                sumGX += g * xhat;
                dgamma[c] += dy[i] * xhat;
                dbeta[c] += dy[i];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = (x[i] - mu) * rs;
                dx[i] = rs * (dy[i] * (affine ? gamma[c] : 1) - sumG / cols - xhat * sumGX / cols);
            }
        }
        String what = "layer norm " + rows + "×" + cols;
        assertClose(what + " y", y, out.floats(rows * cols), 1e-5, 1e-4);
        assertClose(what + " mean", mean, out.floats(rows), 1e-6, 1e-5);
        assertClose(what + " rstd", rstd, out.floats(rows), 1e-6, 1e-4);
        assertClose(what + " dx", dx, out.floats(rows * cols), 1e-4, 1e-3);
        assertClose(what + " dgamma", dgamma, out.floats(cols), 1e-4, 1e-4);
        assertClose(what + " dbeta", dbeta, out.floats(cols), 1e-5, 1e-5);
        out.assertConsumed();
        if (rows == 3 && cols == 17) {
            finiteDifference(x, gamma, beta, dy, rows, cols, dx);
        }
    }

    /** The analytic dx of the plain loop above against central differences of Σ dy·y (so the formula itself is checked). */
    private static void finiteDifference(float[] x, float[] gamma, float[] beta, float[] dy, int rows, int cols, double[] dx) {
        double h = 1e-4;
        for (int i = 0; i < rows * cols; i += 5) {
            double[] xp = Close.widen(x);
            double[] xm = Close.widen(x);
            xp[i] += h;
            xm[i] -= h;
            double numeric = (objective(xp, gamma, beta, dy, rows, cols) - objective(xm, gamma, beta, dy, rows, cols)) / (2 * h);
            assertClose("layer norm dx finite difference at " + i, numeric, (float) dx[i], 1e-4, 1e-3);
        }
    }

    private static double objective(double[] x, float[] gamma, float[] beta, float[] dy, int rows, int cols) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            double var = 0;
            for (int c = 0; c < cols; c++) {
                mu += x[r * cols + c] / cols;
            }
            for (int c = 0; c < cols; c++) {
                var += (x[r * cols + c] - mu) * (x[r * cols + c] - mu) / cols;
            }
            for (int c = 0; c < cols; c++) {
                double y = (x[r * cols + c] - mu) / Math.sqrt(var + EPS) * gamma[c] + beta[c];
                total += dy[r * cols + c] * y;
            }
        }
        return total;
    }
}
