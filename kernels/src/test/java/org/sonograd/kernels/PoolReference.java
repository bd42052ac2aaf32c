package org.sonograd.kernels;

/**
 * Plain-loop max pooling over N·C planes of D×H×W (doubles), straight from kernel, stride and
 * padding (floor mode), for the pooling kernel tests. Output o reads the taps [o·s − p, o·s − p + k)
 * that fall inside the input, in row-major order; the first tap starts the maximum, a later one
 * replaces it when greater, or when it is the first NaN. The index is flat within the plane.
 */
final class PoolReference {
    private PoolReference() {}

    /** The maxima and indices of every window, as {values, indices}. */
    static Object[] max(double[] x, long planes, int[] in, int[] kernel, int[] stride, int[] padding) {
        int[] out = new int[3];
        for (int d = 0; d < 3; d++) {
            out[d] = (in[d] + 2 * padding[d] - kernel[d]) / stride[d] + 1;
        }
        int vi = in[0] * in[1] * in[2];
        int vo = out[0] * out[1] * out[2];
        double[] y = new double[(int) planes * vo];
        long[] idx = new long[y.length];
        for (int plane = 0; plane < planes; plane++) {
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++) {
                        double best = 0;
                        long at = -1;
                        for (int kd = 0; kd < kernel[0]; kd++) {
                            for (int kh = 0; kh < kernel[1]; kh++) {
                                for (int kw = 0; kw < kernel[2]; kw++) {
                                    int id = od * stride[0] - padding[0] + kd;
                                    int ih = oh * stride[1] - padding[1] + kh;
                                    int iw = ow * stride[2] - padding[2] + kw;
                                    if (id < 0 || ih < 0 || iw < 0 || id >= in[0] || ih >= in[1] || iw >= in[2]) {
                                        continue;
                                    }
                                    int flat = (id * in[1] + ih) * in[2] + iw;
                                    double v = x[plane * vi + flat];
                                    if (at < 0 || v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                                        best = v;
                                        at = flat;
                                    }
                                }
                            }
                        }
                        int o = plane * vo + (od * out[1] + oh) * out[2] + ow;
                        y[o] = best;
                        idx[o] = at;
                    }
                }
            }
        }
        return new Object[] {y, idx};
    }

    /**
     * The adjoint of {@link #max}: ∂x[i] = Σ ∂y[o] over the windows o (in row-major order) whose
     * first maximum is i, each sum rounded to float after every addition when {@code f32}.
     */
    static double[] maxBackward(double[] x, double[] gy, long planes, int[] in, int[] kernel, int[] stride, int[] padding,
                                boolean f32) {
        long[] idx = (long[]) max(x, planes, in, kernel, stride, padding)[1];
        int vi = in[0] * in[1] * in[2];
        int vo = idx.length / (int) planes;
        double[] gx = new double[(int) planes * vi];
        for (int plane = 0; plane < planes; plane++) {
            for (int o = 0; o < vo; o++) {
                int i = plane * vi + (int) idx[plane * vo + o];
                gx[i] = f32 ? (float) gx[i] + (float) gy[plane * vo + o] : gx[i] + gy[plane * vo + o];
            }
        }
        return gx;
    }
}
