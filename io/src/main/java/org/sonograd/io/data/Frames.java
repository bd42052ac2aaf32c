package org.sonograd.io.data;

import org.sonograd.tensor.Tensor;

/** A grey clip {@code [T, H, W]} in a plain array (one image is T = 1). */
public record Frames(int t, int h, int w, float[] px) {
    public Frames {
        if (px.length != t * h * w) {
            throw new IllegalArgumentException("Frames: " + px.length + " values for " + t + "x" + h + "x" + w);
        }
    }

    /** Value at (frame, y, x). */
    public float at(int f, int y, int x) {
        return px[(f * h + y) * w + x];
    }

    /** An F32 tensor {@code [T, H, W]}. */
    public Tensor toTensor() {
        return Tensor.of(px, t, h, w);
    }
}
