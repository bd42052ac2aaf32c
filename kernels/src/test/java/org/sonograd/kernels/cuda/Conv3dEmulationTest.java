package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaConv3d;

/**
 * conv3d.cu's implicit-GEMM forward, data grad, weight grad and bias grad under emulation against a
 * direct 10-deep loop (the gradients follow from the same loop: dX and dW accumulate dY times the
 * other operand at every tap the forward visits).
 */
class Conv3dEmulationTest {
    @Test
    void conv3dWithStridePaddingAndDilation() {
        // n c d h w | o kd kh kw | stride | padding | dilation
        check(new Random(91), new int[] {2, 3, 5, 6, 7}, new int[] {4, 3, 2, 3}, new int[] {1, 2, 1}, new int[] {1, 0, 2},
                new int[] {1, 1, 2}, true);
        check(new Random(92), new int[] {1, 1, 1, 1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1}, new int[] {0, 0, 0},
                new int[] {1, 1, 1}, false);
        check(new Random(93), new int[] {1, 5, 3, 9, 9}, new int[] {66, 3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, true);  // 66 output channels straddle the 64-row tile
    }

    @Test
    void conv2dIsTheDepthOneCase() {
        check(new Random(94), new int[] {3, 4, 1, 17, 13}, new int[] {5, 1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1},
                new int[] {1, 1, 1}, true);
    }

    private static void check(Random random, int[] in, int[] k, int[] s, int[] p, int[] dl, boolean bias) {
        int n = in[0], c = in[1], d = in[2], h = in[3], w = in[4];
        int o = k[0], kd = k[1], kh = k[2], kw = k[3];
        int od = (d + 2 * p[0] - dl[0] * (kd - 1) - 1) / s[0] + 1;
        int oh = (h + 2 * p[1] - dl[1] * (kh - 1) - 1) / s[1] + 1;
        int ow = (w + 2 * p[2] - dl[2] * (kw - 1) - 1) / s[2] + 1;
        float[] x = Close.uniform(random, n * c * d * h * w, -1, 1);
        float[] weight = Close.uniform(random, o * c * kd * kh * kw, -1, 1);
        float[] b = Close.uniform(random, o, -1, 1);
        int outSize = n * o * od * oh * ow;
        float[] dy = Close.uniform(random, outSize, -1, 1);
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session session = EmulatedCuda.session()) {
            CudaConv3d conv = new CudaConv3d(session.launcher());
            CudaConv3d.Geometry g = CudaConv3d.Geometry.of(in, k, s, p, dl);
            DeviceBuffer xs = session.upload(x);
            DeviceBuffer ws = session.upload(weight);
            DeviceBuffer dys = session.upload(dy);
            DeviceBuffer y = session.allocate(outSize);
            DeviceBuffer dx = session.allocate(x.length);
            DeviceBuffer dw = session.allocate(weight.length);
            DeviceBuffer db = session.allocate(o);
            conv.forward(g, xs, ws, session.optional(bias, b), y);
            conv.backwardData(g, dys, ws, dx);
            conv.backwardWeight(g, dys, xs, dw);
            conv.backwardBias(g, dys, db);
            out = session.outputs(y, dx, dw, db);
        }

        double[] y = new double[outSize];
        double[] dx = new double[x.length];
        double[] dw = new double[weight.length];
        double[] db = new double[o];
        for (int nb = 0; nb < n; nb++) {
            for (int oc = 0; oc < o; oc++) {
                for (int z = 0; z < od; z++) {
                    for (int yy = 0; yy < oh; yy++) {
                        for (int xx = 0; xx < ow; xx++) {
                            int oi = (((nb * o + oc) * od + z) * oh + yy) * ow + xx;
                            double sum = bias ? b[oc] : 0;
                            db[oc] += dy[oi];
                            for (int ci = 0; ci < c; ci++) {
                                for (int a = 0; a < kd; a++) {
                                    for (int bb = 0; bb < kh; bb++) {
                                        for (int cc = 0; cc < kw; cc++) {
                                            int iz = z * s[0] - p[0] + a * dl[0];
                                            int iy = yy * s[1] - p[1] + bb * dl[1];
                                            int ix = xx * s[2] - p[2] + cc * dl[2];
                                            if (iz < 0 || iz >= d || iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                                continue;
                                            }
                                            int xi = (((nb * c + ci) * d + iz) * h + iy) * w + ix;
                                            int wi = (((oc * c + ci) * kd + a) * kh + bb) * kw + cc;
                                            sum += (double) weight[wi] * x[xi];
                                            dx[xi] += (double) weight[wi] * dy[oi];
                                            dw[wi] += (double) x[xi] * dy[oi];
                                        }
                                    }
                                }
                            }
                            y[oi] = sum;
                        }
                    }
                }
            }
        }
        String what = "conv3d in " + java.util.Arrays.toString(in) + " kernel " + java.util.Arrays.toString(k);
        assertClose(what + " forward", y, out.floats(outSize), 1e-5, 1e-5);
        assertClose(what + " data grad", dx, out.floats(x.length), 1e-5, 1e-5);
        assertClose(what + " weight grad", dw, out.floats(weight.length), 1e-4, 1e-5);
        assertClose(what + " bias grad", db, out.floats(o), 1e-4, 1e-5);
        out.assertConsumed();
    }
}
