package org.sonograd.kernels;

/**
 * Independent plain-loop InfoNCE in double precision, written from the textbook formula: the
 * logits matrix, a masked softmax per row, the loss, and the gradient through the chain rule
 * ∂L/∂A = (1/τ) G B, ∂L/∂B = (1/τ) Gᵀ A with G = w (π − onehot).
 */
final class InfoNceLoops {
    final double[] losses;
    final double[] gradA;
    final double[] gradB;

    InfoNceLoops(int n, int m, int d, double tau, boolean excludeSelf, double[] a, double[] b, long[] pos,
                 double[] pairWeights, double[] w) {
        double[][] logits = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < d; k++) {
                    logits[i][j] += a[i * d + k] * b[j * d + k] / tau;
                }
            }
        }
        losses = new double[n];
        double[][] g = new double[n][m];
        for (int i = 0; i < n; i++) {
            double z = 0;
            double[] mu = new double[m];
            for (int j = 0; j < m; j++) {
                mu[j] = j == pos[i] ? 1 : (excludeSelf && i == j) ? 0 : pairWeights == null ? 1 : pairWeights[i * m + j];
                z += mu[j] * Math.exp(logits[i][j]);
            }
            losses[i] = Math.log(z) - logits[i][(int) pos[i]];
            for (int j = 0; j < m; j++) {
                g[i][j] = (w == null ? 1 : w[i]) * (mu[j] * Math.exp(logits[i][j]) / z - (j == pos[i] ? 1 : 0));
            }
        }
        gradA = new double[n * d];
        gradB = new double[m * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < d; k++) {
                    gradA[i * d + k] += g[i][j] * b[j * d + k] / tau;
                    gradB[j * d + k] += g[i][j] * a[i * d + k] / tau;
                }
            }
        }
    }
}
