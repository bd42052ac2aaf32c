package org.sonograd.ssl.transfer;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The ROC curve of scores against binary truth and the area under it. Thresholds run down the
 * distinct scores; samples with equal scores enter the curve together (one diagonal segment), so the
 * trapezoid area counts a tied positive–negative pair as ½, i.e. AUROC = U / (n₊·n₋) with U the
 * Mann–Whitney statistic.
 *
 * @param fpr false-positive rates from 0 to 1
 * @param tpr true-positive rates from 0 to 1
 */
public record Roc(double[] fpr, double[] tpr) {

    /** The curve of {@code scores} (higher = more positive) for {@code positive} truth; needs both classes. */
    public static Roc of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("Roc: " + scores.length + " scores for " + positive.length + " labels");
        }
        int pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        int neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("Roc: need positives and negatives, got " + pos + " and " + neg);
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] fpr = new double[scores.length + 1];
        double[] tpr = new double[scores.length + 1];
        int points = 1;
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; ) {
            double s = scores[order[k]];
            while (k < order.length && scores[order[k]] == s) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            fpr[points] = (double) fp / neg;
            tpr[points] = (double) tp / pos;
            points++;
        }
        return new Roc(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points));
    }

    /** Trapezoid area Σ (fpr_{i+1} − fpr_i)·(tpr_{i+1} + tpr_i)/2. */
    public double area() {
        double a = 0;
        for (int i = 0; i + 1 < fpr.length; i++) {
            a += (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2;
        }
        return a;
    }

    /** AUROC of scores against binary truth. */
    public static double auroc(double[] scores, boolean[] positive) {
        return of(scores, positive).area();
    }

    /**
     * One-vs-rest macro AUROC of class probabilities {@code probs} [n·k] against labels: the mean over
     * the classes present in {@code labels} (and absent from none of them) of the AUROC of column c vs the rest.
     */
    public static double macroOneVsRest(float[] probs, int[] labels, int k) {
        double sum = 0;
        int used = 0;
        for (int c = 0; c < k; c++) {
            double[] s = new double[labels.length];
            boolean[] p = new boolean[labels.length];
            int pos = 0;
            for (int i = 0; i < labels.length; i++) {
                s[i] = probs[i * k + c];
                p[i] = labels[i] == c;
                pos += p[i] ? 1 : 0;
            }
            if (pos == 0 || pos == labels.length) {
                continue;
            }
            sum += auroc(s, p);
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("macroOneVsRest: fewer than two classes in the labels");
        }
        return sum / used;
    }
}
