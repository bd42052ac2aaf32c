package org.sonograd.io.read;

import org.sonograd.tensor.Tensor;

/**
 * A decoded image or video frame: {@code height×width×channels} values in [0, 1], row-major with
 * channels last (1 = grey, 3 = RGB).
 */
public record Picture(int height, int width, int channels, float[] pixels) {
    public Picture {
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException("Picture: " + pixels.length + " values for " + height + "x" + width
                    + "x" + channels);
        }
    }

    /** The luma {@code 0.299R + 0.587G + 0.114B} (ITU-R BT.601), or itself if already grey. */
    public Picture grey() {
        if (channels == 1) {
            return this;
        }
        float[] g = new float[height * width];
        for (int i = 0; i < g.length; i++) {
            g[i] = 0.299f * pixels[3 * i] + 0.587f * pixels[3 * i + 1] + 0.114f * pixels[3 * i + 2];
        }
        return new Picture(height, width, 1, g);
    }

    /** The value at (y, x, c). */
    public float at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c];
    }

    /** An F32 tensor {@code [C, H, W]}. */
    public Tensor toTensor() {
        float[] chw = new float[pixels.length];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height * width; i++) {
                chw[c * height * width + i] = pixels[i * channels + c];
            }
        }
        return Tensor.of(chw, channels, height, width);
    }
}
