package org.sonograd.ssl.data;

import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;

/**
 * Where an {@code height×width} picture lands in a {@code size²} square when its aspect ratio is kept:
 * the long side is scaled to {@code size}, the short one by the same factor s = size / max(h, w)
 * (rounded: h' = max(1, round(h·s)), w' likewise), and the content is centred
 * (top = ⌊(size − h')/2⌋, left = ⌊(size − w')/2⌋) with zero padding around it — black, as the
 * outside of an ultrasound sector. Label maps are placed identically, the padding labelled 0
 * (background). A content pixel (y, x) maps back to the original grid as
 * x_orig = (x − left + ½)·w/w' − ½ (pixel centres aligned), y likewise.
 *
 * @param size         side of the square
 * @param height       original height
 * @param width        original width
 * @param contentHeight h', the scaled height
 * @param contentWidth w', the scaled width
 * @param top          rows of padding above the content
 * @param left         columns of padding left of the content
 */
public record Letterbox(int size, int height, int width, int contentHeight, int contentWidth, int top, int left) {
    /** The placement of an {@code h×w} picture in a {@code size²} square. */
    public static Letterbox of(int h, int w, int size) {
        double s = (double) size / Math.max(h, w);
        int ch = Math.max(1, Math.min(size, (int) Math.round(h * s)));
        int cw = Math.max(1, Math.min(size, (int) Math.round(w * s)));
        return new Letterbox(size, h, w, ch, cw, (size - ch) / 2, (size - cw) / 2);
    }

    /** Original pixels per content pixel horizontally, w/w'. */
    public double scaleX() {
        return (double) width / contentWidth;
    }

    /** Original pixels per content pixel vertically, h/h'. */
    public double scaleY() {
        return (double) height / contentHeight;
    }

    /** The original x of a (fractional) square x: (x − left + ½)·w/w' − ½. */
    public double originalX(double x) {
        return (x - left + 0.5) * scaleX() - 0.5;
    }

    /** The original y of a (fractional) square y: (y − top + ½)·h/h' − ½. */
    public double originalY(double y) {
        return (y - top + 0.5) * scaleY() - 0.5;
    }

    /**
     * A grey picture in [0, 1] placed in the square: resized to h'×w' (area average when both sides
     * shrink, so speckle does not alias; bilinear with aligned pixel centres otherwise), zeros around.
     */
    public float[] image(float[] grey) {
        check(grey.length, "image");
        float[] content = contentHeight <= height && contentWidth <= width
                ? areaAverage(grey, height, width, contentHeight, contentWidth)
                : Transforms.resize(new Frames(1, height, width, grey), contentHeight, contentWidth).px();
        float[] out = new float[size * size];
        for (int y = 0; y < contentHeight; y++) {
            System.arraycopy(content, y * contentWidth, out, (top + y) * size + left, contentWidth);
        }
        return out;
    }

    /** A label map placed in the square: nearest neighbour, source index ⌊(dst + ½)·in/out⌋; padding 0. */
    public byte[] labels(byte[] labels) {
        check(labels.length, "label map");
        byte[] out = new byte[size * size];
        for (int y = 0; y < contentHeight; y++) {
            int sy = Math.min(height - 1, (int) Math.floor((y + 0.5) * height / contentHeight));
            for (int x = 0; x < contentWidth; x++) {
                int sx = Math.min(width - 1, (int) Math.floor((x + 0.5) * width / contentWidth));
                out[(top + y) * size + left + x] = labels[sy * width + sx];
            }
        }
        return out;
    }

    /** Output pixel (y, x) is the mean of the source pixels whose centres lie in its box. */
    private static float[] areaAverage(float[] grey, int h, int w, int outH, int outW) {
        double[] sum = new double[outH * outW];
        int[] count = new int[outH * outW];
        for (int sy = 0; sy < h; sy++) {
            int y = Math.min(outH - 1, (int) ((sy + 0.5) * outH / h));
            for (int sx = 0; sx < w; sx++) {
                int x = Math.min(outW - 1, (int) ((sx + 0.5) * outW / w));
                sum[y * outW + x] += grey[sy * w + sx];
                count[y * outW + x]++;
            }
        }
        float[] out = new float[outH * outW];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / count[i]);
        }
        return out;
    }

    private void check(int length, String what) {
        if (length != height * width) {
            throw new IllegalArgumentException("Letterbox: " + what + " has " + length + " values, expected " + height + "×"
                    + width + " = " + height * width);
        }
    }
}
