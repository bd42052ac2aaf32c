package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaOptimizers;

/** optimizer.cu's fused AdamW and SGD steps under emulation against the PyTorch update rules written as double loops. */
class OptimizerEmulationTest {
    @Test
    void adamWStepMatchesTheUpdateRule() {
        Random random = new Random(81);
        int n = 517;
        // hyperparameters as the kernel receives them (F32), so 1 − β is the same number on both sides
        double lr = 1e-3f;
        double beta1 = 0.9f;
        double beta2 = 0.999f;
        double eps = 1e-8f;
        double wd = 0.05f;
        for (int step : new int[] {1, 7}) {
            float[] p = Close.uniform(random, n, -1, 1);
            float[] g = Close.uniform(random, n, -1, 1);
            float[] m = step == 1 ? new float[n] : Close.uniform(random, n, -0.1, 0.1);
            float[] v = step == 1 ? new float[n] : Close.uniform(random, n, 0, 0.01);
            EmulatedCuda.Outputs out;
            try (EmulatedCuda.Session s = EmulatedCuda.session()) {
                DeviceBuffer param = s.upload(p);
                DeviceBuffer m1 = s.upload(m);
                DeviceBuffer v1 = s.upload(v);
                new CudaOptimizers(s.launcher()).adamw(n, param, s.upload(g), m1, v1, (float) lr, (float) beta1,
                        (float) beta2, (float) eps, (float) wd, step);
                out = s.outputs(param, m1, v1);
            }
            double[] ep = new double[n];
            double[] em = new double[n];
            double[] ev = new double[n];
            for (int i = 0; i < n; i++) {
                em[i] = beta1 * m[i] + (1 - beta1) * g[i];
                ev[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = em[i] / (1 - Math.pow(beta1, step));
                double vHat = ev[i] / (1 - Math.pow(beta2, step));
                ep[i] = p[i] * (1 - lr * wd) - lr * mHat / (Math.sqrt(vHat) + eps);
            }
            assertClose("AdamW step " + step + " param", ep, out.floats(n), 1e-6, 1e-5);
            assertClose("AdamW step " + step + " m", em, out.floats(n), 1e-7, 1e-5);
            assertClose("AdamW step " + step + " v", ev, out.floats(n), 1e-9, 1e-5);
            out.assertConsumed();
        }
    }

    @Test
    void sgdStepCoversMomentumNesterovDampingAndFirstStep() {
        Random random = new Random(82);
        int n = 300;
        double[][] configs = {{0.1, 0, 0, 0, 0, 0}, {0.1, 0.9, 0, 1e-4, 0, 1}, {0.05, 0.9, 0.1, 0, 0, 0}, {0.05, 0.8, 0, 0.01, 1, 0}};
        for (double[] c : configs) {
            float[] p = Close.uniform(random, n, -1, 1);
            float[] g = Close.uniform(random, n, -1, 1);
            float[] buf = Close.uniform(random, n, -1, 1);
            EmulatedCuda.Outputs out;
            try (EmulatedCuda.Session s = EmulatedCuda.session()) {
                DeviceBuffer param = s.upload(p);
                DeviceBuffer b = s.upload(buf);
                new CudaOptimizers(s.launcher()).sgd(n, param, s.upload(g), b, (float) c[0], (float) c[1], (float) c[2],
                        (float) c[3], c[4] == 1, c[5] == 1);
                out = s.outputs(param, b);
            }
            double[] ep = new double[n];
            double[] eb = new double[n];
            for (int i = 0; i < n; i++) {
                double grad = g[i] + c[3] * p[i];
                eb[i] = buf[i];
                if (c[1] != 0) {
                    eb[i] = c[5] == 1 ? grad : c[1] * buf[i] + (1 - c[2]) * grad;
                    grad = c[4] == 1 ? grad + c[1] * eb[i] : eb[i];
                }
                ep[i] = p[i] - c[0] * grad;
            }
            String what = "SGD lr=" + c[0] + " momentum=" + c[1] + " dampening=" + c[2] + " wd=" + c[3]
                    + " nesterov=" + c[4] + " first=" + c[5];
            assertClose(what + " param", ep, out.floats(n), 1e-6, 1e-5);
            assertClose(what + " buffer", eb, out.floats(n), 1e-6, 1e-5);
        }
    }
}
