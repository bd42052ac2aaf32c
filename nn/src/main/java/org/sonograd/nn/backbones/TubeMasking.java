package org.sonograd.nn.backbones;

import java.util.Arrays;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Tube masking (VideoMAE, Tong et al., NeurIPS 2022): per sample, a random set of spatial patch
 * positions is masked in every time step, so a masked patch cannot be recovered from its neighbours
 * in time. The result is the indices of the kept tokens, ascending, in the (t, h, w) raster order of
 * {@link org.sonograd.nn.layers.PatchEmbedding}; one frame (times = 1) gives plain random masking.
 */
public final class TubeMasking {
    private TubeMasking() {}

    /**
     * Kept token indices, I64 [batch, times · keep] with keep = spatial − round(ratio · spatial),
     * drawn from {@code random} (one permutation of the spatial positions per sample).
     */
    public static Tensor keepIndices(RandomStream random, long batch, long times, long spatial, double ratio) {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("TubeMasking: mask ratio must be in [0, 1), got " + ratio);
        }
        long keep = spatial - Math.round(ratio * spatial);
        if (keep < 1) {
            throw new IllegalArgumentException("TubeMasking: ratio " + ratio + " keeps no token of " + spatial);
        }
        long[] out = new long[Math.toIntExact(batch * times * keep)];
        int at = 0;
        for (long b = 0; b < batch; b++) {
            long[] kept;
            try (MemoryScope scope = MemoryScope.open()) {
                kept = Arrays.copyOf(random.permutation(spatial).toLongArray(), (int) keep);
            }
            Arrays.sort(kept);
            for (long t = 0; t < times; t++) {
                for (long s : kept) {
                    out[at++] = t * spatial + s;
                }
            }
        }
        return Tensor.ofLongs(out, batch, times * keep);
    }

    /** The mask [batch, times · spatial] (true = dropped) of the given kept indices. */
    public static Tensor droppedMask(Tensor keepIndices, long tokens) {
        long[] kept = keepIndices.toLongArray();
        long batch = keepIndices.size(0);
        long perSample = keepIndices.size(1);
        boolean[] dropped = new boolean[Math.toIntExact(batch * tokens)];
        Arrays.fill(dropped, true);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < perSample; i++) {
                dropped[(int) (b * tokens + kept[(int) (b * perSample + i)])] = false;
            }
        }
        return Tensor.ofBooleans(dropped, batch, tokens).to(DType.BOOL);
    }
}
