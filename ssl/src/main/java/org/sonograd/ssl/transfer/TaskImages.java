package org.sonograd.ssl.transfer;

import java.util.List;
import java.util.stream.IntStream;
import org.sonograd.ssl.data.Letterbox;

/**
 * The labelled images of a clinical transfer task, already placed in {@code size²} squares and normalised
 * ({@link ImagePreparation}): one image class per sample, an optional label map per sample, and the
 * group (video, patient, clip or file) each sample comes from, so that splits never cut a group.
 *
 * @param images       normalised images, {@code n·size·size}
 * @param raw          the same images in [0, 1] before normalisation (for overlays)
 * @param labels       image class per sample (index into {@code classes})
 * @param masks        label map per sample ({@code n·size·size}, index into {@code maskClasses}) or null
 * @param groups       group index per sample
 * @param ids          a name per sample (file name, or clip and frame)
 * @param placements   per sample: where the original picture lies in the square (to map predicted masks back)
 */
public record TaskImages(int size, float[] images, float[] raw, int[] labels, List<String> classes, byte[] masks,
                         List<String> maskClasses, int[] groups, List<String> ids, List<Letterbox> placements) {
    /** Number of samples. */
    public int count() {
        return labels.length;
    }

    /** Images {@code idx} as one array {@code idx.length·size·size}. */
    public float[] gather(int[] idx) {
        return rows(images, idx);
    }

    /** Raw [0, 1] images {@code idx}. */
    public float[] gatherRaw(int[] idx) {
        return rows(raw, idx);
    }

    /** Label maps {@code idx} as class indices. */
    public int[] gatherMasks(int[] idx) {
        int hw = size * size;
        int[] out = new int[idx.length * hw];
        for (int i = 0; i < idx.length; i++) {
            for (int k = 0; k < hw; k++) {
                out[i * hw + k] = masks[idx[i] * hw + k];
            }
        }
        return out;
    }

    /** Labels of {@code idx}. */
    public int[] labelsOf(int[] idx) {
        return IntStream.of(idx).map(i -> labels[i]).toArray();
    }

    /** The samples whose label is one of {@code keep}, as a new set. */
    public TaskImages onlyClasses(List<String> keep) {
        int[] idx = IntStream.range(0, count()).filter(i -> keep.contains(classes.get(labels[i]))).toArray();
        int hw = size * size;
        byte[] m = null;
        if (masks != null) {
            m = new byte[idx.length * hw];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(masks, idx[i] * hw, m, i * hw, hw);
            }
        }
        return new TaskImages(size, gather(idx), gatherRaw(idx), labelsOf(idx), classes, m, maskClasses,
                IntStream.of(idx).map(i -> groups[i]).toArray(), IntStream.of(idx).mapToObj(ids::get).toList(),
                IntStream.of(idx).mapToObj(placements::get).toList());
    }

    private float[] rows(float[] all, int[] idx) {
        int hw = size * size;
        float[] out = new float[idx.length * hw];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(all, idx[i] * hw, out, i * hw, hw);
        }
        return out;
    }
}
