package org.sonograd.ssl.transfer;

import java.util.Arrays;

/**
 * The zero-shot k-NN anomaly score against a bank of normal samples. Features are L2-normalised;
 * for a query q, s_j = q·b_j is its cosine similarity to bank entry j. Over the k most similar
 * entries (ties by bank order) the similarity-weighted vote w_j = exp(s_j / T) gives the weighted
 * mean similarity S(q) = Σ w_j s_j / Σ w_j, and the anomaly score is 1 − S(q): 0 for a query equal to
 * its nearest normals, up to 2 for their opposite. (A "fraction of normal votes" would be 1 for
 * every query, since the bank holds normals only.)
 */
public final class KnnAnomaly {
    private KnnAnomaly() {}

    /** Rows of {@code x} [n·d] divided by their L2 norm (a zero row stays zero). */
    public static float[] normalise(float[] x, int d) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length / d; i++) {
            double ss = 0;
            for (int j = 0; j < d; j++) {
                ss += (double) x[i * d + j] * x[i * d + j];
            }
            double inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (x[i * d + j] * inv);
            }
        }
        return out;
    }

    /** Anomaly scores 1 − S(q) of each L2-normalised query row against the L2-normalised bank rows. */
    public static double[] scores(float[] queries, float[] bank, int d, int k, double temperature) {
        int nq = queries.length / d;
        int nb = bank.length / d;
        int kk = Math.min(k, nb);
        double[] out = new double[nq];
        for (int q = 0; q < nq; q++) {
            double[] s = new double[nb];
            Integer[] order = new Integer[nb];
            for (int j = 0; j < nb; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) queries[q * d + c] * bank[j * d + c];
                }
                s[j] = dot;
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
            double max = s[order[0]];
            double num = 0;
            double den = 0;
            for (int r = 0; r < kk; r++) {
                // w = exp((s − s_max)/T): the shift cancels in the ratio and keeps exp finite
                double w = Math.exp((s[order[r]] - max) / temperature);
                num += w * s[order[r]];
                den += w;
            }
            out[q] = 1 - num / den;
        }
        return out;
    }
}
