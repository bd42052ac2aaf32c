package org.sonograd.ssl.report;

/**
 * The first two principal components of row vectors, by power iteration with deflation on the
 * covariance matrix C = XcᵀXc/(n − 1) of the centred data: v ← Cv/‖Cv‖ (200 iterations from a
 * fixed start), then C ← C − λvvᵀ for the second component.
 */
public final class Pca {
    private Pca() {}

    /** The 2D projection of {@code n} rows of {@code d} features (row-major in {@code x}). */
    public static double[][] project2(float[] x, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / (double) n;
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double va = x[i * d + a] - mean[a];
                for (int b = 0; b < d; b++) {
                    c[a][b] += va * (x[i * d + b] - mean[b]) / Math.max(1, n - 1);
                }
            }
        }
        double[][] comps = new double[2][];
        for (int k = 0; k < 2; k++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * j);
            }
            double lambda = 0;
            for (int it = 0; it < 200; it++) {
                double[] w = new double[d];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        w[a] += c[a][b] * v[b];
                    }
                }
                double norm = 0;
                for (double e : w) {
                    norm += e * e;
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    break;
                }
                lambda = norm;
                for (int a = 0; a < d; a++) {
                    v[a] = w[a] / norm;
                }
            }
            comps[k] = v;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i * d + j] - mean[j]) * comps[k][j];
                }
                out[i][k] = s;
            }
        }
        return out;
    }
}
