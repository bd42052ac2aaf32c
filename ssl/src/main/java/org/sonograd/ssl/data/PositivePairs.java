package org.sonograd.ssl.data;

import java.util.function.IntFunction;

/**
 * Positive pairs mixed from three frames of one video (before augmentation).
 * <ul>
 *   <li>{@link Mode#META} (Meta-USCL, Chen et al., TMI 2023): ordered frames f0 &lt; f1 &lt; f2,
 *   x1 = (1 − α)·f0 + α·f1, x2 = β·f1 + (1 − β)·f2, with α, β ~ Beta(3, 5) drawn independently.</li>
 *   <li>{@link Mode#USCL} (USCL, Chen et al., MICCAI 2021): three distinct frames fa, fm, fc in the
 *   order drawn (unordered in time), the middle one shared, one λ ~ Beta(0.5, 0.5):
 *   x1 = λ·fa + (1 − λ)·fm, x2 = λ·fc + (1 − λ)·fm.</li>
 * </ul>
 */
public final class PositivePairs {
    /** How the two views are mixed. */
    public enum Mode { META, USCL }

    /**
     * A pair.
     *
     * @param first   x1, raw pixels
     * @param second  x2, raw pixels
     * @param frames  the three frame indices (f0, f1, f2 for META; fa, fm, fc for USCL)
     * @param alpha   α (META) or λ (USCL)
     * @param beta    β (META) or λ (USCL)
     */
    public record Pair(float[] first, float[] second, int[] frames, double alpha, double beta) {}

    private final Mode mode;
    private final BetaDistribution mixing;

    /** Pairs of {@code mode} whose coefficients follow {@code mixing} (Beta(3, 5) for META, Beta(0.5, 0.5) for USCL). */
    public PositivePairs(Mode mode, BetaDistribution mixing) {
        this.mode = mode;
        this.mixing = mixing;
    }

    /** A pair from a video of {@code frames} frames (at least 3) whose frame t is {@code frame.apply(t)}. */
    public Pair draw(int frames, IntFunction<float[]> frame, KeyedDraws d) {
        if (frames < 3) {
            throw new IllegalArgumentException("PositivePairs: a video needs at least 3 frames, got " + frames);
        }
        int[] t = distinctFrames(frames, d);
        if (mode == Mode.META) {
            java.util.Arrays.sort(t);
            double alpha = mixing.sample(d::uniform);
            double beta = mixing.sample(d::uniform);
            float[] f1 = frame.apply(t[1]);
            return new Pair(mix(frame.apply(t[0]), 1 - alpha, f1, alpha), mix(f1, beta, frame.apply(t[2]), 1 - beta), t,
                    alpha, beta);
        }
        double lambda = mixing.sample(d::uniform);
        float[] shared = frame.apply(t[1]);
        return new Pair(mix(frame.apply(t[0]), lambda, shared, 1 - lambda), mix(frame.apply(t[2]), lambda, shared, 1 - lambda),
                t, lambda, lambda);
    }

    /** Three distinct frame indices of [0, frames), in the order drawn. */
    private static int[] distinctFrames(int frames, KeyedDraws d) {
        int a = d.below(frames);
        int b = d.below(frames - 1);
        b += b >= a ? 1 : 0;
        int c = d.below(frames - 2);
        // skip a and b in increasing order so that c is uniform over the remaining frames
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        c += c >= low ? 1 : 0;
        c += c >= high ? 1 : 0;
        return new int[] {a, b, c};
    }

    /** wa·a + wb·b, pixel by pixel. */
    static float[] mix(float[] a, double wa, float[] b, double wb) {
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }
}
