package org.sonograd.ssl.transfer;

import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.Gaze;
import org.sonograd.ssl.data.Videos;

/**
 * The gaze-prediction set: frames of simulated fetal sweeps with the sonographer's simulated gaze
 * as a fixation map and a density map (fixations blurred by a Gaussian of σ pixels, then cut to the
 * centre crop and renormalised to sum 1). Split by clip like {@link PlaneFrames}; only frames with at
 * least one fixation inside the crop are kept.
 *
 * @param frames    normalised frames, {@code n·size·size}
 * @param density   density maps, each summing to 1
 * @param fixations binary fixation maps
 * @param test      per frame: true when its clip is in the test split
 */
public record SaliencyFrames(int size, float[] frames, float[] density, float[] fixations, boolean[] test) {

    /** Simulates the set (see {@link PlaneFrames#simulate} for the arguments). */
    public static SaliencyFrames simulate(long seed, int clips, int frames, double fps, int size, int crop, double testFraction,
                                          double sigma) {
        Videos v = Videos.simulate(seed, clips, new ClipSpec(frames, size, size, fps));
        int side = crop > 0 ? crop : size;
        int hw = side * side;
        int testFrom = clips - Math.max(1, (int) Math.round(clips * testFraction));
        java.util.List<float[]> f = new java.util.ArrayList<>();
        java.util.List<float[]> d = new java.util.ArrayList<>();
        java.util.List<float[]> x = new java.util.ArrayList<>();
        java.util.List<Boolean> t = new java.util.ArrayList<>();
        for (int c = 0; c < clips; c++) {
            Gaze gaze = v.clip(c).gaze();
            for (int k = 0; k < frames; k++) {
                float[] fix = Videos.centreCrop(gaze.fixationMap(k), size, size, crop);
                float[] den = Videos.centreCrop(gaze.densityMap(k, sigma), size, size, crop);
                double fixSum = 0;
                double denSum = 0;
                for (int i = 0; i < hw; i++) {
                    fixSum += fix[i];
                    denSum += den[i];
                }
                if (fixSum == 0 || denSum == 0) {
                    continue;
                }
                for (int i = 0; i < hw; i++) {
                    den[i] /= (float) denSum;
                }
                f.add(Videos.centreCrop(v.normalisedFrame(c, k), size, size, crop));
                d.add(den);
                x.add(fix);
                t.add(c >= testFrom);
            }
        }
        int n = f.size();
        float[] frames3 = new float[n * hw];
        float[] dens = new float[n * hw];
        float[] fixs = new float[n * hw];
        boolean[] test = new boolean[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(f.get(i), 0, frames3, i * hw, hw);
            System.arraycopy(d.get(i), 0, dens, i * hw, hw);
            System.arraycopy(x.get(i), 0, fixs, i * hw, hw);
            test[i] = t.get(i);
        }
        return new SaliencyFrames(side, frames3, dens, fixs, test);
    }

    /** Indices of the test (or training) frames. */
    public int[] split(boolean testSplit) {
        return java.util.stream.IntStream.range(0, test.length).filter(i -> test[i] == testSplit).toArray();
    }

    /** Rows {@code idx} of a per-frame array of {@code size²} values. */
    public float[] rows(float[] all, int[] idx) {
        int hw = size * size;
        float[] out = new float[idx.length * hw];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(all, idx[i] * hw, out, i * hw, hw);
        }
        return out;
    }
}
