package org.sonograd.ssl.recipe;

import java.util.Arrays;
import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.tensor.Tensor;

/**
 * The views of one {@code discovr} step, DINO's global views at CPU scale. Each clip b comes as G global
 * clips (the same frames, or the same video from another start frame); global view g has one geometry (a random resized square crop, area fraction
 * a ∈ [minScale, 1], position uniform, bilinear back to S×S, then a horizontal flip with probability ½
 * when {@code flip}), the same for every frame. The teachers see every global view with its own
 * intensity change v' = c·v + β (c ∈ [1 − j, 1 + j], β ∈ [−j, j]). The student's V views are V/G
 * copies of the global views' frames and geometry, each with its own intensity change: student view v of
 * clip b has the frames and geometry of global view g = v mod G. So the image teacher's cluster targets, computed on the
 * frames of global view g, lie at the same (t, h, w) positions as the tokens of every student view
 * built on g. All draws come from the caller's {@link KeyedDraws} keyed by (seed, step), in the order:
 * for each global view g, clip b (row g·B + b): area, y, x, flip, c, β; then for each student view v,
 * clip b (row v·B + b): c, β.
 */
final class DiscovrViews {
    /** Draws per global view (area, y, x, flip, c, β). */
    static final int GLOBAL_DRAWS = 6;
    /** Draws per student view (c, β). */
    static final int STUDENT_DRAWS = 2;

    private DiscovrViews() {}

    /** The teachers' global views [G·B, 1, T, S, S] (row g·B + b) and the student views [V·B, 1, T, S, S] (row v·B + b). */
    record Views(Tensor teacher, Tensor student) {}

    /**
     * The views of the global clips [G·B, 1, T, S, S] (row g·B + b: global view g of clip b; fresh tensors):
     * G global views and {@code studentViews} V student views per clip, V a multiple of G. With
     * {@code minScale} = 1, no flip and {@code jitter} = 0 every view is its global clip itself.
     */
    static Views of(Tensor clips, int batch, int studentViews, double minScale, boolean flip, double jitter,
                    KeyedDraws draws) {
        long[] s = clips.shape();
        int globalViews = batch < 1 ? 0 : Math.toIntExact(s[0] / batch);
        if (clips.rank() != 5 || s[1] != 1 || s[3] != s[4] || globalViews < 1 || s[0] % batch != 0
                || studentViews % globalViews != 0
                || !(minScale > 0 && minScale <= 1) || !(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("discovr views: clips " + Arrays.toString(s) + " must be [G·B, 1, T, S, S], B = " + batch + ", "
                    + studentViews + " student views a multiple of " + globalViews + " global views, min scale in (0, 1], "
                    + "jitter in [0, 1); got " + minScale + ", " + jitter);
        }
        int b = batch;
        int t = Math.toIntExact(s[2]);
        int side = Math.toIntExact(s[3]);
        int perClip = t * side * side;
        float[] in = clips.toFloatArray();
        float[][] geometry = new float[globalViews * b][];
        float[] teacher = new float[globalViews * b * perClip];
        for (int row = 0; row < globalViews * b; row++) {
            // side of the square box = S·√a, a ∈ [minScale, 1]; top-left corner uniform inside the frame
            double box = side * Math.sqrt(draws.uniform(minScale, 1));
            double y0 = draws.uniform() * (side - box);
            double x0 = draws.uniform() * (side - box);
            boolean mirrored = draws.uniform() < 0.5 && flip;
            Frames clip = new Frames(t, side, side, Arrays.copyOfRange(in, row * perClip, (row + 1) * perClip));
            Frames cropped = Transforms.crop(clip, y0, x0, box, box, side, side);
            geometry[row] = (mirrored ? Transforms.flipHorizontal(cropped) : cropped).px();
            intensity(geometry[row], draws.uniform(1 - jitter, 1 + jitter), draws.uniform(-jitter, jitter), teacher, row * perClip);
        }
        float[] student = new float[studentViews * b * perClip];
        for (int row = 0; row < studentViews * b; row++) {
            // student view v = row / B of clip b = row % B has the geometry of global view g = v mod G
            int global = (row / b) % globalViews * b + row % b;
            intensity(geometry[global], draws.uniform(1 - jitter, 1 + jitter), draws.uniform(-jitter, jitter), student,
                    row * perClip);
        }
        long[] studentShape = s.clone();
        studentShape[0] = (long) studentViews * b;
        return new Views(Tensor.of(teacher, s), Tensor.of(student, studentShape));
    }

    /** out[at + i] = c·v[i] + β. */
    private static void intensity(float[] v, double contrast, double brightness, float[] out, int at) {
        for (int i = 0; i < v.length; i++) {
            out[at + i] = (float) (contrast * v[i] + brightness);
        }
    }
}
