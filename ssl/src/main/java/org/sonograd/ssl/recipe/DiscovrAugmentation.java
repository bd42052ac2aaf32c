package org.sonograd.ssl.recipe;

import java.util.Arrays;
import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.tensor.Tensor;

/**
 * The student views' augmentation of {@code discovr} (a CPU-scale addition, DINO's crop and
 * intensity jitter without colour or blur): each view, a clip [T, S, S] of normalised frames, gets
 * one random resized square crop (area fraction a ∈ [minScale, 1], position uniform, the same box for
 * every frame, bilinear back to S×S) and one intensity change v' = c·v + β (contrast c ∈ [1 − j, 1 + j],
 * brightness β ∈ [−j, j] in normalised units). All draws come from the caller's
 * {@link KeyedDraws}, keyed by (seed, step), four per view in the order box side, y, x, then c, β.
 */
final class DiscovrAugmentation {
    private DiscovrAugmentation() {}

    /**
     * Augmented copies of views [N, 1, T, S, S] (a fresh tensor, one crop and one intensity change per
     * view); {@code minScale} = 1 and {@code jitter} = 0 return an unchanged copy.
     */
    static Tensor views(Tensor clips, double minScale, double jitter, KeyedDraws draws) {
        long[] s = clips.shape();
        if (clips.rank() != 5 || s[1] != 1 || s[3] != s[4] || !(minScale > 0 && minScale <= 1) || !(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("discovr augmentation: views " + Arrays.toString(s)
                    + " must be [N, 1, T, S, S], min scale in (0, 1], jitter in [0, 1); got " + minScale + ", " + jitter);
        }
        int n = Math.toIntExact(s[0]);
        int t = Math.toIntExact(s[2]);
        int side = Math.toIntExact(s[3]);
        int perView = t * side * side;
        float[] in = clips.toFloatArray();
        float[] out = new float[in.length];
        for (int v = 0; v < n; v++) {
            // side of the square box = S·√a, a ∈ [minScale, 1]; top-left corner uniform inside the frame
            double box = side * Math.sqrt(draws.uniform(minScale, 1));
            double y0 = draws.uniform() * (side - box);
            double x0 = draws.uniform() * (side - box);
            double contrast = draws.uniform(1 - jitter, 1 + jitter);
            double brightness = draws.uniform(-jitter, jitter);
            float[] view = new float[perView];
            System.arraycopy(in, v * perView, view, 0, perView);
            float[] cropped = Transforms.crop(new Frames(t, side, side, view), y0, x0, box, box, side, side).px();
            for (int i = 0; i < perView; i++) {
                // v' = c·v + β
                out[v * perView + i] = (float) (contrast * cropped[i] + brightness);
            }
        }
        return Tensor.of(out, s);
    }
}
