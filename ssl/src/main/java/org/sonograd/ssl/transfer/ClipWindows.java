package org.sonograd.ssl.transfer;

import java.util.Arrays;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * Real clips for a video transformer ({@link VitEncoder}) in a frame-based transfer task: every window of
 * T = {@link VitEncoder#clipFrames()} frames {@code gap} apart of a clip (window s holds frames s, s + gap,
 * …, s + (T − 1)·gap), so the encoder sees the kind of input it was pretrained on instead of a still frame
 * repeated T times; a clip's feature is then pooled over its windows.
 */
public final class ClipWindows {
    private static final int CHUNK = 64;

    private ClipWindows() {}

    /** Windows of {@code clipFrames} frames {@code gap} apart in a clip of {@code frames}: starts 0 … frames − 1 − (T − 1)·gap. */
    public static int count(int frames, int clipFrames, int gap) {
        int count = frames - (clipFrames - 1) * gap;
        if (count < 1) {
            throw new IllegalArgumentException("clip windows: a window of " + clipFrames + " frames " + gap
                    + " apart does not fit in clips of " + frames + " frames");
        }
        return count;
    }

    /**
     * Every window of {@code clipFrames} frames {@code gap} apart of {@code n} clips of {@code frames} frames
     * ({@code pixels} [n·frames, hw]): window s of clip c is frames s, s + gap, …, s + (T − 1)·gap, returned as
     * [n·count, T, hw] with clip c's windows at rows c·count + s.
     */
    public static float[] of(float[] pixels, int n, int frames, int hw, int clipFrames, int gap) {
        int count = count(frames, clipFrames, gap);
        float[] out = new float[n * count * clipFrames * hw];
        for (int c = 0; c < n; c++) {
            for (int s = 0; s < count; s++) {
                for (int f = 0; f < clipFrames; f++) {
                    System.arraycopy(pixels, (c * frames + s + f * gap) * hw, out, ((c * count + s) * clipFrames + f) * hw, hw);
                }
            }
        }
        return out;
    }

    /**
     * Per window [count, W] of windows [count, T, size²]: the transformer's output tokens pooled by {@code pooling}
     * (W = {@code pooling.width(D)}); in chunks of 64 windows without gradient.
     */
    public static float[] features(VitEncoder encoder, float[] windows, int count, int size, WindowPooling pooling) {
        int t = encoder.clipFrames();
        int per = t * size * size;
        int d = pooling.width(encoder.features());
        float[] out = new float[count * d];
        try (GradMode off = GradMode.off()) {
            for (int start = 0; start < count; start += CHUNK) {
                int m = Math.min(CHUNK, count - start);
                try (MemoryScope scope = MemoryScope.open()) {
                    Var x = Var.constant(Tensor.of(Arrays.copyOfRange(windows, start * per, (start + m) * per), m, 1, t, size, size));
                    Var feats = pooling.pool(encoder.vit().forward(x));
                    System.arraycopy(feats.value().contiguous().toFloatArray(), 0, out, start * d, m * d);
                }
            }
        }
        return out;
    }
}
