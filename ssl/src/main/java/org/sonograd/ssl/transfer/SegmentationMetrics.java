package org.sonograd.ssl.transfer;

/**
 * Overlap of a predicted label map with the truth, per structure c: Dice = 2|P∩T| / (|P| + |T|) and
 * IoU = |P∩T| / |P∪T| with P, T the pixels labelled c. When both are empty the structure is absent
 * and correctly predicted absent: both metrics are 1.
 */
public final class SegmentationMetrics {
    private SegmentationMetrics() {}

    /** Dice of class {@code c} between {@code predicted} and {@code truth} label maps. */
    public static double dice(int[] predicted, int[] truth, int c) {
        long[] s = counts(predicted, truth, c);
        return s[1] + s[2] == 0 ? 1 : 2.0 * s[0] / (s[1] + s[2]);
    }

    /** IoU (Jaccard) of class {@code c}. */
    public static double iou(int[] predicted, int[] truth, int c) {
        long[] s = counts(predicted, truth, c);
        long union = s[1] + s[2] - s[0];
        return union == 0 ? 1 : (double) s[0] / union;
    }

    /** {|P∩T|, |P|, |T|}. */
    private static long[] counts(int[] predicted, int[] truth, int c) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("SegmentationMetrics: " + predicted.length + " predicted and " + truth.length
                    + " true pixels");
        }
        long both = 0;
        long p = 0;
        long t = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean pi = predicted[i] == c;
            boolean ti = truth[i] == c;
            both += pi && ti ? 1 : 0;
            p += pi ? 1 : 0;
            t += ti ? 1 : 0;
        }
        return new long[] {both, p, t};
    }
}
