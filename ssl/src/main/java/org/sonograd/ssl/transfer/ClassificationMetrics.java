package org.sonograd.ssl.transfer;

/**
 * Accuracy, per-class and macro precision/recall/F1 and the confusion matrix of a K-class
 * prediction. As scikit-learn's {@code average="macro"} with {@code zero_division=0}: the macro
 * average runs over the classes that occur in the truth or in the predictions; a class with no
 * predicted (or no true) sample has precision (or recall) 0.
 *
 * @param confusion  confusion[t][p] = number of samples of true class t predicted as p
 */
public record ClassificationMetrics(double accuracy, double macroPrecision, double macroRecall, double macroF1,
                                    double[] precision, double[] recall, double[] f1, long[][] confusion) {

    /** The metrics of predictions {@code predicted} against labels {@code truth}, classes 0..k−1. */
    public static ClassificationMetrics of(int[] truth, int[] predicted, int k) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("ClassificationMetrics: " + truth.length + " labels and " + predicted.length
                    + " predictions; need the same positive count");
        }
        long[][] confusion = new long[k][k];
        long hits = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            hits += truth[i] == predicted[i] ? 1 : 0;
        }
        double[] p = new double[k];
        double[] r = new double[k];
        double[] f = new double[k];
        double sp = 0;
        double sr = 0;
        double sf = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predictedC = 0;
            long trueC = 0;
            for (int j = 0; j < k; j++) {
                predictedC += confusion[j][c];
                trueC += confusion[c][j];
            }
            if (predictedC == 0 && trueC == 0) {
                continue;
            }
            p[c] = predictedC == 0 ? 0 : (double) tp / predictedC;
            r[c] = trueC == 0 ? 0 : (double) tp / trueC;
            f[c] = p[c] + r[c] == 0 ? 0 : 2 * p[c] * r[c] / (p[c] + r[c]);
            sp += p[c];
            sr += r[c];
            sf += f[c];
            present++;
        }
        return new ClassificationMetrics((double) hits / truth.length, sp / present, sr / present, sf / present, p, r, f,
                confusion);
    }
}
