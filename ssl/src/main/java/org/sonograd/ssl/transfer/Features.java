package org.sonograd.ssl.transfer;

import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/** Pooled features of a frozen encoder, computed without gradients in chunks. */
public final class Features {
    private static final int CHUNK = 64;

    private Features() {}

    /** Features [n·F] of {@code n} frames {@code size×size} held in {@code frames}. */
    public static float[] of(Encoder encoder, float[] frames, int n, int size) {
        int hw = size * size;
        int f = encoder.features();
        float[] out = new float[n * f];
        try (GradMode off = GradMode.off()) {
            for (int start = 0; start < n; start += CHUNK) {
                int m = Math.min(CHUNK, n - start);
                try (MemoryScope scope = MemoryScope.open()) {
                    float[] chunk = java.util.Arrays.copyOfRange(frames, start * hw, (start + m) * hw);
                    Var feats = encoder.forward(Var.constant(Tensor.of(chunk, m, 1, size, size)));
                    System.arraycopy(feats.value().contiguous().toFloatArray(), 0, out, start * f, m * f);
                }
            }
        }
        return out;
    }
}
