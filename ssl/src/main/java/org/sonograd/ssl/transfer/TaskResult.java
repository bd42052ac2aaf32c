package org.sonograd.ssl.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one encoder scored on one clinical transfer task: each metric's value per seed, and what the
 * report draws (ROC curves and segmentation examples of seed 1, a confusion matrix).
 *
 * @param task       task name
 * @param encoder    encoder source ({@code random}, a checkpoint or a run folder)
 * @param protocol   how the encoder was used (probe, fine-tune, last-stage, decoder, k-NN)
 * @param data       a line describing the data and the split
 * @param perSeed    metric name → value per seed, in report order
 * @param rocs       curve name → ROC of seed 1 (may be empty)
 * @param overlays   segmentation examples of seed 1 (may be empty)
 * @param confusion  summed confusion matrix over seeds, or null
 * @param classes    class names of the confusion matrix (or null)
 * @param seconds    wall time of this encoder's evaluation
 */
public record TaskResult(String task, String encoder, String protocol, String data, Map<String, double[]> perSeed,
                         Map<String, Roc> rocs, List<Overlay> overlays, long[][] confusion, List<String> classes,
                         double seconds) {

    /**
     * A test image with its true and predicted label maps.
     *
     * @param raw        the image in [0, 1], {@code size²}
     * @param truth      true label map
     * @param predicted  predicted label map
     */
    public record Overlay(String caption, int size, float[] raw, int[] truth, int[] predicted) {}

    /** Metric name → mean ± std over seeds. */
    public Map<String, MeanStd> summary() {
        Map<String, MeanStd> out = new LinkedHashMap<>();
        perSeed.forEach((k, v) -> out.put(k, MeanStd.of(v)));
        return out;
    }

    /** Number of seeds. */
    public int seeds() {
        return perSeed.values().iterator().next().length;
    }

    /** One line per task/protocol: every metric as mean ± std. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format("%-32s %-10s %-11s", encoder, task, protocol));
        summary().forEach((k, v) -> s.append("  ").append(k).append(' ').append(v));
        return s.append(String.format("  (%d seeds, %.0f s; %s)%n", seeds(), seconds, data)).toString();
    }
}
