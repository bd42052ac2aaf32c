package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.ssl.config.ExperimentConfig;

/**
 * HC18 fetal-head transfer: {@link SegmentationTransfer} of the head mask, then per test image the
 * largest 4-connected component of the predicted head, its boundary mapped back through the
 * letterbox to the original 800×540 pixel grid, an {@link Ellipse} fit and the circumference in mm ({@link HeadCircumference}).
 * Reported: Dice, IoU, the mean absolute HC error |HC_pred − HC_ref| in mm against the CSV, and the
 * number of test images without a predicted head (their error is not counted, and they are reported).
 */
public final class FetalHead {
    private FetalHead() {}

    /** Runs the task on {@code data} for {@code t.seeds()} seeds. */
    public static TaskResult run(String encoderSource, ExperimentConfig.ModelConfig model, Hc18Images data,
                                 ExperimentConfig.TransferConfig t) throws IOException {
        TaskImages images = data.images();
        int size = images.size();
        int hw = size * size;
        return SegmentationTransfer.run("hc18", encoderSource, model, images, t, (seed, test, predicted) -> {
            double error = 0;
            int fitted = 0;
            for (int i = 0; i < test.length; i++) {
                boolean[] head = largestComponent(java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw), 1, size);
                try {
                    double hc = HeadCircumference.millimetres(head, size, size, images.placements().get(test[i]),
                            data.pixelMm()[test[i]]);
                    error += Math.abs(hc - data.hcMm()[test[i]]);
                    fitted++;
                } catch (IllegalArgumentException noEllipse) {
                    // fewer than 6 boundary points or no ellipse: counted in "no head"
                }
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("HC MAE mm", fitted == 0 ? Double.NaN : error / fitted);
            out.put("no head", (double) (test.length - fitted));
            return out;
        });
    }

    /** The largest 4-connected component of the pixels labelled {@code c} in a {@code size²} label map. */
    static boolean[] largestComponent(int[] labels, int c, int size) {
        int[] comp = new int[labels.length];
        int best = 0;
        int bestCount = 0;
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] != c || comp[s] != 0) {
                continue;
            }
            next++;
            int count = 0;
            comp[s] = next;
            queue.add(s);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                count++;
                int y = p / size;
                int x = p % size;
                int[] nb = {y > 0 ? p - size : -1, y < size - 1 ? p + size : -1, x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1};
                for (int q : nb) {
                    if (q >= 0 && labels[q] == c && comp[q] == 0) {
                        comp[q] = next;
                        queue.add(q);
                    }
                }
            }
            if (count > bestCount) {
                bestCount = count;
                best = next;
            }
        }
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = best != 0 && comp[i] == best;
        }
        return out;
    }
}
