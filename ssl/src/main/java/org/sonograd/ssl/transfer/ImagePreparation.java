package org.sonograd.ssl.transfer;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;

/**
 * Turns grey pictures of any size into an encoder's input: resize to {@code size²} of the [0, 1]
 * intensities (area average when shrinking, so speckle does not alias; bilinear with pixel centres
 * aligned, {@link Transforms#resize}, when enlarging), then per-image
 * standardisation x' = (x − mean(x)) / std(x), so no statistic of another image (test or train)
 * enters an image. Label maps are resized by nearest neighbour (the source pixel whose centre is
 * nearest the target pixel's centre).
 */
public final class ImagePreparation {
    private ImagePreparation() {}

    /** An image {@code h×w} in [0, 1] resized to {@code size²}, still in [0, 1]. */
    public static float[] resize(float[] grey, int h, int w, int size) {
        if (h == size && w == size) {
            return grey.clone();
        }
        if (h < size || w < size) {
            return Transforms.resize(new Frames(1, h, w, grey), size, size).px();
        }
        // area average: output pixel (y, x) is the mean of the source pixels whose centres lie in its box
        double[] sum = new double[size * size];
        int[] count = new int[size * size];
        for (int sy = 0; sy < h; sy++) {
            int y = Math.min(size - 1, (int) ((sy + 0.5) * size / h));
            for (int sx = 0; sx < w; sx++) {
                int x = Math.min(size - 1, (int) ((sx + 0.5) * size / w));
                sum[y * size + x] += grey[sy * w + sx];
                count[y * size + x]++;
            }
        }
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / count[i]);
        }
        return out;
    }

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

    /** A label map {@code h×w} resized by nearest neighbour to {@code size²}: source index ⌊(dst + ½)·in/out⌋. */
    public static byte[] resizeLabels(byte[] labels, int h, int w, int size) {
        byte[] out = new byte[size * size];
        for (int y = 0; y < size; y++) {
            int sy = Math.min(h - 1, (int) Math.floor((y + 0.5) * h / size));
            for (int x = 0; x < size; x++) {
                int sx = Math.min(w - 1, (int) Math.floor((x + 0.5) * w / size));
                out[y * size + x] = labels[sy * w + sx];
            }
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
        private final List<double[]> scales = new ArrayList<>();

        /** A builder of {@code size²} samples; {@code maskClasses} null when the task has no label maps. */
        public Builder(int size, List<String> classes, List<String> maskClasses) {
            this.size = size;
            this.classes = classes;
            this.maskClasses = maskClasses;
        }

        /** Adds an {@code h×w} grey image in [0, 1] (with its {@code h×w} label map, or null). */
        public Builder add(float[] grey, int h, int w, byte[] mask, int label, int group, String id) {
            float[] r = resize(grey, h, w, size);
            raw.add(r);
            images.add(standardise(r));
            if ((mask != null) != (maskClasses != null)) {
                throw new IllegalArgumentException("TaskImages " + id + ": a label map must come with every sample or none");
            }
            if (mask != null) {
                masks.add(resizeLabels(mask, h, w, size));
            }
            labels.add(label);
            groups.add(group);
            ids.add(id);
            scales.add(new double[] {(double) w / size, (double) h / size});
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
                    maskClasses, groups.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(ids),
                    scales.stream().mapToDouble(s -> s[0]).toArray(), scales.stream().mapToDouble(s -> s[1]).toArray());
        }
    }
}
