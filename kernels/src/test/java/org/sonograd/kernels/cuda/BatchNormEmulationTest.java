package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.CudaBatchNorm;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;

/**
 * batchnorm.cu through {@link CudaBatchNorm} under emulation against double loops of the definition
 * (nn.functional.NormFunctions.batchNorm's semantics: biased variance to normalise, unbiased in the
 * running update): training and eval forward and backward, NCHW and NCDHW, with and without γ/β,
 * at sizes where a channel's N·S values do not fill the 256-thread block evenly.
 */
class BatchNormEmulationTest {
    private static final float EPS = 1e-5f;
    private static final float MOMENTUM = 0.1f;

    @Test
    void nchwAndNcdhwTrainingAndEval() {
        Random random = new Random(101);
        check(random, 3, 5, 7 * 9, true);        // NCHW 3×5×7×9
        check(random, 2, 3, 3 * 5 * 4, true);    // NCDHW 2×3×3×5×4
        check(random, 1, 2, 1000, false);        // more values than threads, no affine
        check(random, 2, 1, 1, true);            // two values per channel
    }

    private static void check(Random random, int n, int c, int s, boolean affine) {
        int total = n * c * s;
        int m = n * s;
        float[] x = Close.uniform(random, total, -2, 3);
        float[] gamma = Close.uniform(random, c, 0.5, 1.5);
        float[] beta = Close.uniform(random, c, -1, 1);
        float[] runMean = Close.uniform(random, c, -0.5, 0.5);
        float[] runVar = Close.uniform(random, c, 0.5, 2);
        float[] dy = Close.uniform(random, total, -1, 1);
        String what = "batch norm N=" + n + " C=" + c + " S=" + s + (affine ? "" : " without affine");

        double[] mean = new double[c];
        double[] var = new double[c];
        double[] y = new double[total];
        double[] yEval = new double[total];
        double[] dx = new double[total];
        double[] dxEval = new double[total];
        double[] dgamma = new double[c];
        double[] dbeta = new double[c];
        double[] dgammaEval = new double[c];
        double[] newMean = new double[c];
        double[] newVar = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < s; p++) {
                    mean[ch] += x[(b * c + ch) * s + p];
                }
            }
            mean[ch] /= m;
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < s; p++) {
                    double d = x[(b * c + ch) * s + p] - mean[ch];
                    var[ch] += d * d;
                }
            }
            var[ch] /= m;
            double rstd = 1 / Math.sqrt(var[ch] + EPS);
            double rstdEval = 1 / Math.sqrt(runVar[ch] + EPS);
            double g = affine ? gamma[ch] : 1;
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < s; p++) {
                    int i = (b * c + ch) * s + p;
                    double xhat = (x[i] - mean[ch]) * rstd;
                    y[i] = g * xhat + (affine ? beta[ch] : 0);
                    yEval[i] = g * (x[i] - runMean[ch]) * rstdEval + (affine ? beta[ch] : 0);
                    sumDy += dy[i];
                    sumDyXhat += dy[i] * xhat;
                    dgammaEval[ch] += dy[i] * (x[i] - runMean[ch]) * rstdEval;
                }
            }
            dgamma[ch] = sumDyXhat;
            dbeta[ch] = sumDy;
            for (int b = 0; b < n; b++) {
                for (int p = 0; p < s; p++) {
                    int i = (b * c + ch) * s + p;
                    double xhat = (x[i] - mean[ch]) * rstd;
                    dx[i] = g * rstd * (dy[i] - sumDy / m - xhat * sumDyXhat / m);
                    dxEval[i] = g * rstdEval * dy[i];
                }
            }
            newMean[ch] = (1 - MOMENTUM) * runMean[ch] + MOMENTUM * mean[ch];
            newVar[ch] = (1 - MOMENTUM) * runVar[ch] + MOMENTUM * var[ch] * m / (m - 1.0);
        }

        try (EmulatedCuda.Session session = EmulatedCuda.session()) {
            CudaBatchNorm bn = new CudaBatchNorm(session.launcher());
            DeviceBuffer xs = session.upload(x);
            DeviceBuffer dys = session.upload(dy);
            DeviceBuffer g = session.optional(affine, gamma);
            DeviceBuffer b = session.optional(affine, beta);
            DeviceBuffer rm = session.upload(runMean);
            DeviceBuffer rv = session.upload(runVar);
            DeviceBuffer out = session.allocate(total);
            DeviceBuffer mu = session.allocate(c);
            DeviceBuffer rstd = session.allocate(c);
            DeviceBuffer grad = session.allocate(total);
            DeviceBuffer dg = session.allocate(c);
            DeviceBuffer db = session.allocate(c);

            bn.forwardEval(n, c, s, EPS, xs, g, b, rm, rv, out);
            assertClose(what + " eval forward", yEval, session.floats(out), 1e-5, 1e-5);
            bn.backwardEval(n, c, s, EPS, xs, g, rm, rv, dys, grad, affine ? dg : null, affine ? db : null);
            assertClose(what + " eval dx", dxEval, session.floats(grad), 1e-5, 1e-5);
            if (affine) {
                assertClose(what + " eval dγ", dgammaEval, session.floats(dg), 1e-4, 1e-4);
                assertClose(what + " eval dβ", dbeta, session.floats(db), 1e-4, 1e-4);
            }

            bn.forwardTraining(n, c, s, EPS, MOMENTUM, xs, g, b, out, mu, rstd, rm, rv);
            assertClose(what + " training forward", y, session.floats(out), 1e-4, 1e-4);
            assertClose(what + " batch mean", mean, session.floats(mu), 1e-5, 1e-5);
            double[] expectRstd = new double[c];
            for (int ch = 0; ch < c; ch++) {
                expectRstd[ch] = 1 / Math.sqrt(var[ch] + EPS);
            }
            assertClose(what + " rstd", expectRstd, session.floats(rstd), 1e-5, 1e-4);
            assertClose(what + " running mean", newMean, session.floats(rm), 1e-6, 1e-5);
            assertClose(what + " running variance", newVar, session.floats(rv), 1e-6, 1e-4);

            bn.backwardTraining(n, c, s, xs, g, mu, rstd, dys, grad, affine ? dg : null, affine ? db : null);
            assertClose(what + " training dx", dx, session.floats(grad), 1e-4, 1e-3);
            if (affine) {
                assertClose(what + " dγ", dgamma, session.floats(dg), 1e-4, 1e-4);
                assertClose(what + " dβ", dbeta, session.floats(db), 1e-4, 1e-4);
            }
        }
    }
}
