package org.sonograd.ssl.transfer;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.data.Letterbox;

/**
 * Turns grey pictures of any size into an encoder's input: placed in a {@code size²} square with
 * their aspect ratio kept ({@link Letterbox}: long side scaled to {@code size}, centred, zero padding),
 * then per-image standardisation x' = (x − mean(x)) / std(x) over the whole square, so no statistic
 * of another image (test or train) enters an image. Label maps are placed identically (nearest
 * neighbour, padding labelled 0).
 */
public final class ImagePreparation {
    private ImagePreparation() {}

    /** Per-image standardisation (x − mean)/std, std floored at 1e-6. */
    public static float[] standardise(float[] x) {
        double s = 0;
        double ss = 0;
        for (float v : x) {
            s += v;
            ss += (double) v * v;
        }
        double mean = s / x.length;
        double std = Math.max(1e-6, Math.sqrt(Math.max(0, ss / x.length - mean * mean)));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / std);
        }
        return out;
    }

    /** Accumulates prepared samples and builds a {@link TaskImages}. */
    public static final class Builder {
        private final int size;
        private final List<String> classes;
        private final List<String> maskClasses;
        private final List<float[]> images = new ArrayList<>();
        private final List<float[]> raw = new ArrayList<>();
        private final List<byte[]> masks = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();
        private final List<Integer> groups = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();
        private final List<Letterbox> placements = new ArrayList<>();

        /** A builder of {@code size²} samples; {@code maskClasses} null when the task has no label maps. */
        public Builder(int size, List<String> classes, List<String> maskClasses) {
            this.size = size;
            this.classes = classes;
            this.maskClasses = maskClasses;
        }

        /** Adds an {@code h×w} grey image in [0, 1] (with its {@code h×w} label map, or null). */
        public Builder add(float[] grey, int h, int w, byte[] mask, int label, int group, String id) {
            Letterbox placement = Letterbox.of(h, w, size);
            float[] r = placement.image(grey);
            raw.add(r);
            images.add(standardise(r));
            if ((mask != null) != (maskClasses != null)) {
                throw new IllegalArgumentException("TaskImages " + id + ": a label map must come with every sample or none");
            }
            if (mask != null) {
                masks.add(placement.labels(mask));
            }
            labels.add(label);
            groups.add(group);
            ids.add(id);
            placements.add(placement);
            return this;
        }

        /** The set. */
        public TaskImages build() {
            int n = labels.size();
            if (n == 0) {
                throw new IllegalArgumentException("TaskImages: no samples were added");
            }
            int hw = size * size;
            float[] im = new float[n * hw];
            float[] rw = new float[n * hw];
            byte[] mk = maskClasses == null ? null : new byte[n * hw];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.get(i), 0, im, i * hw, hw);
                System.arraycopy(raw.get(i), 0, rw, i * hw, hw);
                if (mk != null) {
                    System.arraycopy(masks.get(i), 0, mk, i * hw, hw);
                }
            }
            return new TaskImages(size, im, rw, labels.stream().mapToInt(Integer::intValue).toArray(), classes, mk,
                    maskClasses, groups.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(ids), List.copyOf(placements));
        }
    }
}
