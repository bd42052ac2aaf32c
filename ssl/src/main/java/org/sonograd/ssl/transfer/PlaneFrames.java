package org.sonograd.ssl.transfer;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.FetalPlane;
import org.sonograd.ssl.data.Videos;

/**
 * The standard-plane detection set: every frame of simulated fetal sweeps with its plane label
 * ({@link FetalPlane}, 8 classes including "other"). Split by clip, never by frame, so no test
 * frame has a near-duplicate neighbour in training: the last {@code testFraction} of the clips are
 * the test split.
 *
 * @param frames  normalised frames, {@code n·size·size}
 * @param labels  plane ordinal per frame
 * @param clipOf  clip index per frame
 */
public record PlaneFrames(int size, float[] frames, int[] labels, int[] clipOf, int testFromClip) {
    /** Number of classes. */
    public static final int CLASSES = FetalPlane.values().length;

    /**
     * Simulates {@code clips} sweeps of {@code frames} frames of {@code size}² at {@code fps} with
     * simulator seed {@code seed}, keeping the centred {@code crop}² of each frame (0: all of it).
     */
    public static PlaneFrames simulate(long seed, int clips, int frames, double fps, int size, int crop, double testFraction) {
        Videos v = Videos.simulate(seed, clips, new ClipSpec(frames, size, size, fps));
        int n = clips * frames;
        int side = crop > 0 ? crop : size;
        int hw = side * side;
        float[] all = new float[n * hw];
        int[] labels = new int[n];
        int[] clipOf = new int[n];
        for (int c = 0; c < clips; c++) {
            for (int t = 0; t < frames; t++) {
                int i = c * frames + t;
                System.arraycopy(Videos.centreCrop(v.normalisedFrame(c, t), size, size, crop), 0, all, i * hw, hw);
                labels[i] = v.clip(c).frameLabels()[t];
                clipOf[i] = c;
            }
        }
        int testFrom = clips - Math.max(1, (int) Math.round(clips * testFraction));
        return new PlaneFrames(side, all, labels, clipOf, testFrom);
    }

    /** Frame indices of the training split. */
    public int[] train() {
        return split(false);
    }

    /** Frame indices of the test split. */
    public int[] test() {
        return split(true);
    }

    private int[] split(boolean test) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if ((clipOf[i] >= testFromClip) == test) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Frames {@code idx} as one array {@code idx.length·size·size}. */
    public float[] gather(int[] idx) {
        int hw = size * size;
        float[] out = new float[idx.length * hw];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(frames, idx[i] * hw, out, i * hw, hw);
        }
        return out;
    }

    /** Labels of {@code idx}. */
    public int[] labelsOf(int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = labels[idx[i]];
        }
        return out;
    }
}
