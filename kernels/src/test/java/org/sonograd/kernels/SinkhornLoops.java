package org.sonograd.kernels;

/**
 * The SwAV/DISCOVR Sinkhorn–Knopp, literally, in double precision: Q = exp(S/ε)ᵀ (shifted by the
 * global maximum), Q /= ΣQ, then T times rows (prototypes) to 1/K and columns (samples) to 1/B, and
 * finally B·Qᵀ.
 */
final class SinkhornLoops {
    static double[] assign(double[] scores, int b, int k, double eps, int iterations) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[][] q = new double[k][b];
        double total = 0;
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < k; j++) {
                q[j][r] = Math.exp((scores[r * k + j] - max) / eps);
                total += q[j][r];
            }
        }
        for (double[] row : q) {
            for (int r = 0; r < b; r++) {
                row[r] /= total;
            }
        }
        for (int it = 0; it < iterations; it++) {
            for (double[] row : q) {
                double sum = 0;
                for (double x : row) {
                    sum += x;
                }
                for (int r = 0; r < b; r++) {
                    row[r] /= sum * k;
                }
            }
            for (int r = 0; r < b; r++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += q[j][r];
                }
                for (int j = 0; j < k; j++) {
                    q[j][r] /= sum * b;
                }
            }
        }
        double[] out = new double[b * k];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < k; j++) {
                out[r * k + j] = q[j][r] * b;
            }
        }
        return out;
    }
}
