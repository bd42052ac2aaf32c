package org.sonograd.ssl.transfer;

import java.util.Arrays;
import org.sonograd.ssl.data.KeyedDraws;

/**
 * The saliency metrics of Bylinskii et al., "What do different evaluation metrics tell us about
 * saliency models?" (TPAMI 2019), following the MATLAB code of the MIT saliency benchmark: its ε
 * (2.2204e-16, MATLAB's {@code eps}), its normalisations and their order. S is the predicted map,
 * G a ground-truth density map, F a binary fixation map (all of one size, row-major).
 */
public final class SaliencyMetrics {
    /** MATLAB's eps. */
    public static final double EPS = 2.220446049250313e-16;

    private SaliencyMetrics() {}

    /** KL(G ‖ S) = Σ G·log(ε + G/(S + ε)), with S and G each divided by its sum first. */
    public static double kl(float[] s, float[] g) {
        double[] p = toSumOne(s);
        double[] q = toSumOne(g);
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            kl += q[i] * Math.log(EPS + q[i] / (p[i] + EPS));
        }
        return kl;
    }

    /** CC: Pearson correlation of S and G, Σ(s − s̄)(g − ḡ)/√(Σ(s − s̄)²·Σ(g − ḡ)²). */
    public static double cc(float[] s, float[] g) {
        double ms = mean(s);
        double mg = mean(g);
        double num = 0;
        double ss = 0;
        double gg = 0;
        for (int i = 0; i < s.length; i++) {
            double a = s[i] - ms;
            double b = g[i] - mg;
            num += a * b;
            ss += a * a;
            gg += b * b;
        }
        return num / Math.sqrt(ss * gg);
    }

    /** NSS: the mean of (S − mean S)/std S (std with n − 1, as MATLAB) over the fixated pixels. */
    public static double nss(float[] s, float[] fixations) {
        double m = mean(s);
        double sd = std(s, m);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (fixations[i] > 0) {
                sum += (s[i] - m) / sd;
                n++;
            }
        }
        return sum / n;
    }

    /** SIM: Σ min(S, G) after each map is min-max scaled to [0, 1] and then divided by its sum. */
    public static double sim(float[] s, float[] g) {
        double[] p = toSumOne(minMax(s));
        double[] q = toSumOne(minMax(g));
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.min(p[i], q[i]);
        }
        return sum;
    }

    /**
     * AUC-Judd: the thresholds are the saliency values at the fixations (S min-max scaled); at the
     * i-th highest, TP = i/N_fix and FP = (#pixels ≥ threshold − i)/(N_pixels − N_fix); the area
     * under (0,0), the points, (1,1) by the trapezoid rule. (The MATLAB code can add 1e-7 jitter to
     * break ties; we do not, so the score is deterministic.)
     */
    public static double aucJudd(float[] s, float[] fixations) {
        double[] sal = minMax(s);
        double[] atFix = valuesAtFixations(sal, fixations);
        int nFix = atFix.length;
        int nPix = sal.length;
        Arrays.sort(atFix);
        double[] tp = new double[nFix + 2];
        double[] fp = new double[nFix + 2];
        tp[nFix + 1] = 1;
        fp[nFix + 1] = 1;
        for (int i = 1; i <= nFix; i++) {
            double threshold = atFix[nFix - i];
            int above = 0;
            for (double v : sal) {
                above += v >= threshold ? 1 : 0;
            }
            tp[i] = (double) i / nFix;
            fp[i] = (double) (above - i) / (nPix - nFix);
        }
        return trapezoid(fp, tp);
    }

    /**
     * AUC-Borji: {@code splits} times, N_fix pixels drawn uniformly (with replacement) serve as
     * negatives; thresholds from max S down to 0 in steps of {@code step} (S min-max scaled); TP =
     * fraction of fixation values ≥ threshold, FP = fraction of the drawn values ≥ threshold; the
     * mean trapezoid area. The benchmark uses 100 splits and step 0.1; the draws are keyed by {@code seed}.
     */
    public static double aucBorji(float[] s, float[] fixations, int splits, double step, long seed) {
        double[] sal = minMax(s);
        double[] atFix = valuesAtFixations(sal, fixations);
        int nFix = atFix.length;
        double max = 0;
        for (double v : sal) {
            max = Math.max(max, v);
        }
        int levels = (int) Math.floor(max / step + 1e-9) + 1;
        double total = 0;
        for (int split = 0; split < splits; split++) {
            KeyedDraws d = KeyedDraws.of(seed, 4, split);
            double[] random = new double[nFix];
            for (int i = 0; i < nFix; i++) {
                random[i] = sal[d.below(sal.length)];
            }
            double[] tp = new double[levels + 2];
            double[] fp = new double[levels + 2];
            tp[levels + 1] = 1;
            fp[levels + 1] = 1;
            for (int k = 0; k < levels; k++) {
                double threshold = (levels - 1 - k) * step;
                tp[k + 1] = fractionAtLeast(atFix, threshold);
                fp[k + 1] = fractionAtLeast(random, threshold);
            }
            total += trapezoid(fp, tp);
        }
        return total / splits;
    }

    private static double fractionAtLeast(double[] v, double t) {
        int n = 0;
        for (double x : v) {
            n += x >= t ? 1 : 0;
        }
        return (double) n / v.length;
    }

    private static double[] valuesAtFixations(double[] sal, float[] fixations) {
        int n = 0;
        for (float f : fixations) {
            n += f > 0 ? 1 : 0;
        }
        if (n == 0) {
            throw new IllegalArgumentException("saliency AUC: the fixation map has no fixation");
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < sal.length; i++) {
            if (fixations[i] > 0) {
                out[k++] = sal[i];
            }
        }
        return out;
    }

    private static double trapezoid(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }

    private static double[] toSumOne(float[] v) {
        return toSumOne(toArray(v));
    }

    private static double[] toSumOne(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / sum;
        }
        return out;
    }

    private static double[] minMax(float[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0;
        }
        return out;
    }

    private static double[] toArray(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v, double m) {
        double ss = 0;
        for (float x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
