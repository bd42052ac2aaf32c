package org.sonograd.kernels;

/**
 * Plain-loop reference of the Sinkhorn–Knopp equipartition used by SwAV and DINO (Cuturi 2013; Caron
 * et al. 2020), in double precision and in the log domain. For scores S (B samples × K prototypes)
 * and temperature ε it computes what SwAV's {@code distributed_sinkhorn} computes:
 *
 * <pre>
 *   Q = exp(S/ε)ᵀ (K × B);  Q ← Q / ΣQ
 *   repeat `iterations` times:  each row k of Q ← row / (K · row sum)      (rows sum to 1/K)
 *                               each column b of Q ← column / (B · column sum)  (columns sum to 1/B)
 *   return B · Qᵀ  (B × K, each sample's row sums to 1)
 * </pre>
 *
 * Q is held as log Q = S/ε − max(S/ε) and every normalisation is a log-sum-exp with the maximum
 * subtracted first, so no entry overflows or underflows whatever ε is. The CUDA kernel
 * ({@code sinkhorn.cu}) is tested against it.
 */
public final class SinkhornReference {
    private SinkhornReference() {}

    /**
     * Returns the B×K assignments (row-major), rows summing to 1.
     *
     * @param scores row-major B×K scores (e.g. cosine similarities of samples to prototypes)
     * @param epsilon the temperature ε &gt; 0 (SwAV: 0.05)
     * @param iterations the number of row-and-column passes, ≥ 1 (SwAV: 3)
     */
    public static double[] assign(double[] scores, int b, int k, double epsilon, int iterations) {
        if (b < 1 || k < 1 || scores.length != (long) b * k) {
            throw new IllegalArgumentException("Sinkhorn: scores have " + scores.length + " values, expected " + b + "×"
                    + k + " with both sizes ≥ 1");
        }
        if (!(epsilon > 0) || iterations < 1) {
            throw new IllegalArgumentException("Sinkhorn: need ε > 0 and iterations ≥ 1, got ε = " + epsilon
                    + ", iterations = " + iterations);
        }
        double[] logQ = new double[b * k];  // indexed [sample b][prototype k], i.e. log of Qᵀ
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < b * k; i++) {
            logQ[i] = scores[i] / epsilon;
            max = Math.max(max, logQ[i]);
        }
        double total = 0;
        for (int i = 0; i < b * k; i++) {
            total += Math.exp(logQ[i] - max);
        }
        double logTotal = max + Math.log(total);
        for (int i = 0; i < b * k; i++) {
            logQ[i] -= logTotal;
        }
        for (int it = 0; it < iterations; it++) {
            for (int proto = 0; proto < k; proto++) {  // rows of Q: prototypes, to 1/K
                double rowMax = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < b; s++) {
                    rowMax = Math.max(rowMax, logQ[s * k + proto]);
                }
                double sum = 0;
                for (int s = 0; s < b; s++) {
                    sum += Math.exp(logQ[s * k + proto] - rowMax);
                }
                double shift = rowMax + Math.log(sum) + Math.log(k);
                for (int s = 0; s < b; s++) {
                    logQ[s * k + proto] -= shift;
                }
            }
            for (int s = 0; s < b; s++) {  // columns of Q: samples, to 1/B
                double colMax = Double.NEGATIVE_INFINITY;
                for (int proto = 0; proto < k; proto++) {
                    colMax = Math.max(colMax, logQ[s * k + proto]);
                }
                double sum = 0;
                for (int proto = 0; proto < k; proto++) {
                    sum += Math.exp(logQ[s * k + proto] - colMax);
                }
                double shift = colMax + Math.log(sum) + Math.log(b);
                for (int proto = 0; proto < k; proto++) {
                    logQ[s * k + proto] -= shift;
                }
            }
        }
        double[] out = new double[b * k];
        for (int i = 0; i < b * k; i++) {
            out[i] = b * Math.exp(logQ[i]);
        }
        return out;
    }
}
