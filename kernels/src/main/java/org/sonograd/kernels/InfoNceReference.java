package org.sonograd.kernels;

/**
 * Plain-loop reference of the InfoNCE family of contrastive losses, in double precision, with the
 * gradients worked out by hand. The fast CPU kernel, the CUDA kernel ({@code infonce.cu}) and the
 * autograd loss are tested against it. Embeddings are row-major n×d arrays, already L2-normalised.
 *
 * <p>One direction, anchors a_i (rows of A), candidates b_j (rows of B), s_ij = a_i · b_j:
 *
 * <pre>
 *   L = Σ_i c_i · ( log Σ_j m_ij · exp(s_ij/τ) − s_i,pos(i)/τ ),      c_i = w_i / Σ_k w_k  (uniform: 1/rows)
 *   ∂L/∂s_ij = c_i/τ · (p_ij − [j = pos(i)]),   p_ij = m_ij exp(s_ij/τ) / Σ_l m_il exp(s_il/τ)
 *   ∂L/∂a_i = Σ_j ∂L/∂s_ij · b_j,   ∂L/∂b_j = Σ_i ∂L/∂s_ij · a_i
 * </pre>
 *
 * <p>m_ij are negative weights (1 a full negative, 0 masked out, in between down-weighted, e.g. for
 * frames of the same patient); m at the positive is forced to 1. This is
 * L = mean_i w_i · (−log(exp(s_ii/τ) / Σ_j m_ij exp(s_ij/τ))) with weights normalised to sum 1.
 */
public final class InfoNceReference {
    private InfoNceReference() {}

    /** The loss and its gradients with respect to both embedding matrices (row-major n×d). */
    public record CrossModal(double loss, double[] grad1, double[] grad2) {}

    /** The loss and its gradient with respect to the stacked 2n×d views. */
    public record TwoView(double loss, double[] grad) {}

    /**
     * Cross-modal InfoNCE between z1 and z2 (n×d each), positives on the diagonal: direction 1→2 has
     * anchors z1_i against candidates z2_j; with {@code symmetric} the loss is ½(L₁→₂ + L₂→₁), where
     * direction 2→1 has anchors z2_i against candidates z1_j with the same m_ij and w_i.
     *
     * @param negativeWeights n×n weights m_ij ≥ 0 (row i: how much candidate j counts as a negative
     *     for anchor i), or null for all 1
     * @param anchorWeights n weights w_i ≥ 0 with a positive sum, or null for uniform
     */
    public static CrossModal crossModal(double[] z1, double[] z2, int n, int d, double tau, double[] negativeWeights,
                                        double[] anchorWeights, boolean symmetric) {
        checkMatrix("z1", z1, n, d);
        checkMatrix("z2", z2, n, d);
        checkWeights(negativeWeights, anchorWeights, n, tau);
        double[] grad1 = new double[n * d];
        double[] grad2 = new double[n * d];
        double scale = symmetric ? 0.5 : 1.0;
        double loss = direction(z1, z2, n, d, tau, negativeWeights, anchorWeights, 0, false, scale, grad1, grad2);
        if (symmetric) {
            loss += direction(z2, z1, n, d, tau, negativeWeights, anchorWeights, 0, false, scale, grad2, grad1);
        }
        return new CrossModal(loss, grad1, grad2);
    }

    /**
     * NT-Xent, the two-view loss of SimCLR: z holds 2n embeddings, rows i and i+n are two views of
     * one sample. Anchor i's positive is its pair (i + n mod 2n), its negatives are the other 2n−2
     * rows; itself is excluded from the denominator. Same formula as above with A = B = z.
     *
     * @param negativeWeights 2n×2n weights or null; anchorWeights 2n weights or null
     */
    public static TwoView ntXent(double[] z, int n, int d, double tau, double[] negativeWeights, double[] anchorWeights) {
        checkMatrix("z", z, 2 * n, d);
        checkWeights(negativeWeights, anchorWeights, 2 * n, tau);
        double[] grad = new double[2 * n * d];
        double loss = direction(z, z, 2 * n, d, tau, negativeWeights, anchorWeights, n, true, 1.0, grad, grad);
        return new TwoView(loss, grad);
    }

    /** One direction: adds scale·L to the returned value and scale·∂L to gradA and gradB. */
    private static double direction(double[] a, double[] b, int rows, int d, double tau, double[] m, double[] w,
                                    int posShift, boolean excludeSelf, double scale, double[] gradA, double[] gradB) {
        double weightSum = 0;
        for (int i = 0; i < rows; i++) {
            weightSum += w == null ? 1 : w[i];
        }
        double loss = 0;
        double[] logits = new double[rows];
        for (int i = 0; i < rows; i++) {
            int pos = (i + posShift) % rows;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < rows; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[i * d + k] * b[j * d + k];
                }
                double weight = j == pos ? 1 : (m == null ? 1 : m[i * rows + j]);
                logits[j] = (excludeSelf && j == i) || weight == 0 ? Double.NEGATIVE_INFINITY : s / tau + Math.log(weight);
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < rows; j++) {
                sum += Math.exp(logits[j] - max);
            }
            double lse = max + Math.log(sum);
            double c = scale * (w == null ? 1 : w[i]) / weightSum;
            double positive = logits[pos];
            loss += c * (lse - positive);
            for (int j = 0; j < rows; j++) {
                double p = Math.exp(logits[j] - lse);
                double g = c / tau * (p - (j == pos ? 1 : 0));
                if (g == 0) {
                    continue;
                }
                for (int k = 0; k < d; k++) {
                    gradA[i * d + k] += g * b[j * d + k];
                    gradB[j * d + k] += g * a[i * d + k];
                }
            }
        }
        return loss;
    }

    private static void checkMatrix(String name, double[] z, int rows, int d) {
        if (rows < 1 || d < 1 || z.length != (long) rows * d) {
            throw new IllegalArgumentException("InfoNCE: " + name + " has " + z.length + " values, expected " + rows
                    + "×" + d + " with both sizes ≥ 1");
        }
    }

    private static void checkWeights(double[] m, double[] w, int rows, double tau) {
        if (!(tau > 0)) {
            throw new IllegalArgumentException("InfoNCE: temperature τ must be > 0, got " + tau);
        }
        if (m != null) {
            if (m.length != (long) rows * rows) {
                throw new IllegalArgumentException("InfoNCE: negative weights have " + m.length + " values, expected "
                        + rows + "×" + rows);
            }
            for (double v : m) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("InfoNCE: negative weights must be finite and ≥ 0, found " + v);
                }
            }
        }
        if (w != null) {
            if (w.length != rows) {
                throw new IllegalArgumentException("InfoNCE: anchor weights have " + w.length + " values, expected " + rows);
            }
            double sum = 0;
            for (double v : w) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("InfoNCE: anchor weights must be finite and ≥ 0, found " + v);
                }
                sum += v;
            }
            if (sum <= 0) {
                throw new IllegalArgumentException("InfoNCE: anchor weights sum to 0; at least one must be positive");
            }
        }
    }
}
