package org.sonograd.ssl.transfer;

import org.sonograd.ssl.data.KeyedDraws;

/**
 * Light train-time augmentation of the fine-tuning tasks, drawn per sample from the step's
 * {@link KeyedDraws} (so a run is a pure function of seed and step): a small random crop — side
 * c = size − j, j uniform in {0, …, ⌊size/8⌋}, at a uniform offset (top, left) ∈ {0, …, size − c}² —
 * resized back to {@code size²}, a horizontal flip with probability ½ (left–right mirroring is a
 * plausible ultrasound view; up–down is not, the transducer is at the top), and an intensity jitter of
 * the standardised image x ← g·x + b, g ~ U[0.8, 1.2], b ~ U[−0.2, 0.2]. Image and label map share
 * the geometric transform: output pixel (y, x) reads source point
 * s_y = top + (y + ½)·c/size − ½, s_x = left + (x' + ½)·c/size − ½ with x' = size − 1 − x when
 * flipped, else x; the image bilinearly, the label map at the nearest pixel ⌊s + ½⌋.
 */
public final class TrainingAugmentation {
    private TrainingAugmentation() {}

    /**
     * One sample's transform.
     *
     * @param crop side of the crop
     * @param top  first row of the crop
     * @param left first column of the crop
     * @param flip mirror left–right
     * @param gain intensity gain g
     * @param bias intensity offset b
     */
    public record Draw(int crop, int top, int left, boolean flip, double gain, double bias) {}

    /** An image batch and its label maps (null when the task has none). */
    public record Batch(float[] images, int[] masks) {}

    /** The next sample's transform for {@code size²} images, from {@code d}. */
    public static Draw draw(KeyedDraws d, int size) {
        int crop = size - d.below(size / 8 + 1);
        int top = d.below(size - crop + 1);
        int left = d.below(size - crop + 1);
        boolean flip = d.uniform() < 0.5;
        return new Draw(crop, top, left, flip, d.uniform(0.8, 1.2), d.uniform(-0.2, 0.2));
    }

    /** Samples {@code idx} of {@code data}, each transformed by its own draw from {@code d}; masks when the set has them. */
    public static Batch batch(TaskImages data, int[] idx, KeyedDraws d) {
        int size = data.size();
        int hw = size * size;
        float[] images = data.gather(idx);
        int[] masks = data.masks() == null ? null : data.gatherMasks(idx);
        float[] outImages = new float[images.length];
        int[] outMasks = masks == null ? null : new int[masks.length];
        for (int i = 0; i < idx.length; i++) {
            Draw draw = draw(d, size);
            float[] im = image(draw, java.util.Arrays.copyOfRange(images, i * hw, (i + 1) * hw), size);
            System.arraycopy(im, 0, outImages, i * hw, hw);
            if (masks != null) {
                System.arraycopy(labels(draw, java.util.Arrays.copyOfRange(masks, i * hw, (i + 1) * hw), size), 0, outMasks,
                        i * hw, hw);
            }
        }
        return new Batch(outImages, outMasks);
    }

    /** The transformed image: g·bilinear(image, s_y, s_x) + b, coordinates clamped to the image. */
    public static float[] image(Draw t, float[] image, int size) {
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            double sy = sourceY(t, y, size);
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            int ya = clamp(y0, size);
            int yb = clamp(y0 + 1, size);
            for (int x = 0; x < size; x++) {
                double sx = sourceX(t, x, size);
                int x0 = (int) Math.floor(sx);
                double fx = sx - x0;
                int xa = clamp(x0, size);
                int xb = clamp(x0 + 1, size);
                // bilinear: (1−fy)((1−fx)·I[ya,xa] + fx·I[ya,xb]) + fy((1−fx)·I[yb,xa] + fx·I[yb,xb])
                double v = (1 - fy) * ((1 - fx) * image[ya * size + xa] + fx * image[ya * size + xb])
                        + fy * ((1 - fx) * image[yb * size + xa] + fx * image[yb * size + xb]);
                out[y * size + x] = (float) (t.gain() * v + t.bias());
            }
        }
        return out;
    }

    /** The transformed label map: the label of the nearest source pixel (⌊s_y + ½⌋, ⌊s_x + ½⌋). */
    public static int[] labels(Draw t, int[] labels, int size) {
        int[] out = new int[size * size];
        for (int y = 0; y < size; y++) {
            int sy = clamp((int) Math.floor(sourceY(t, y, size) + 0.5), size);
            for (int x = 0; x < size; x++) {
                int sx = clamp((int) Math.floor(sourceX(t, x, size) + 0.5), size);
                out[y * size + x] = labels[sy * size + sx];
            }
        }
        return out;
    }

    private static double sourceY(Draw t, int y, int size) {
        return t.top() + (y + 0.5) * t.crop() / size - 0.5;
    }

    private static double sourceX(Draw t, int x, int size) {
        int xs = t.flip() ? size - 1 - x : x;
        return t.left() + (xs + 0.5) * t.crop() / size - 0.5;
    }

    private static int clamp(int i, int size) {
        return Math.max(0, Math.min(size - 1, i));
    }
}
