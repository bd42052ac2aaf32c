package org.sonograd.io.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Simulated eye-gaze of the sonographer: {@code samplesPerFrame} gaze points per frame (pixel
 * coordinates), grouped into fixations of 200–600 ms on the plane's landmarks with Gaussian
 * jitter (σ ≈ 1.5% of the width), joined by instantaneous saccades; 15% of fixations wander to a
 * random point in the field of view.
 *
 * @param x   {@code frames·samplesPerFrame} x coordinates (NaN = no sample, e.g. a blink)
 * @param y   likewise y coordinates
 */
public record Gaze(int frames, int samplesPerFrame, int height, int width, float[] x, float[] y) {

    /** Samples gaze for a clip whose frame {@code t} shows the landmarks {@code pixels.get(t)} (x, y pairs). */
    public static Gaze simulate(List<List<double[]>> pixels, int height, int width, double fps, RandomGenerator r) {
        int frames = pixels.size();
        int perFrame = Math.max(1, (int) Math.round(60 / fps));
        float[] gx = new float[frames * perFrame];
        float[] gy = new float[frames * perFrame];
        double jitter = 0.015 * width;
        double remaining = 0;
        double tx = width / 2.0;
        double ty = height / 2.0;
        double dt = 1 / (fps * perFrame);
        for (int t = 0; t < frames; t++) {
            List<double[]> marks = pixels.get(t);
            for (int s = 0; s < perFrame; s++) {
                if (remaining <= 0) {
                    remaining = 0.2 + 0.4 * r.nextDouble();
                    if (!marks.isEmpty() && r.nextDouble() >= 0.15) {
                        double[] m = marks.get(r.nextInt(marks.size()));
                        tx = m[0];
                        ty = m[1];
                    } else {
                        tx = width * (0.2 + 0.6 * r.nextDouble());
                        ty = height * (0.2 + 0.6 * r.nextDouble());
                    }
                }
                remaining -= dt;
                int i = t * perFrame + s;
                if (r.nextDouble() < 0.02) {
                    gx[i] = Float.NaN;
                    gy[i] = Float.NaN;
                } else {
                    gx[i] = (float) Math.clamp(tx + jitter * r.nextGaussian(), 0, width - 1);
                    gy[i] = (float) Math.clamp(ty + jitter * r.nextGaussian(), 0, height - 1);
                }
            }
        }
        return new Gaze(frames, perFrame, height, width, gx, gy);
    }

    /** Binary map of frame {@code t}: 1 at every pixel hit by a gaze sample. */
    public float[] fixationMap(int t) {
        float[] map = new float[height * width];
        for (int s = 0; s < samplesPerFrame; s++) {
            float px = x[t * samplesPerFrame + s];
            if (!Float.isNaN(px)) {
                int ix = Math.round(px);
                int iy = Math.round(y[t * samplesPerFrame + s]);
                map[iy * width + ix] = 1f;
            }
        }
        return map;
    }

    /**
     * Density map of frame {@code t}: the fixation map blurred by a Gaussian of {@code sigma} pixels
     * (separable, truncated at 3σ) and normalised to sum 1 (all zeros if the frame has no sample).
     */
    public float[] densityMap(int t, double sigma) {
        float[] fix = fixationMap(t);
        int half = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * half + 1];
        for (int i = -half; i <= half; i++) {
            k[i + half] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        float[] tmp = new float[fix.length];
        for (int yy = 0; yy < height; yy++) {
            for (int xx = 0; xx < width; xx++) {
                float acc = 0;
                for (int i = -half; i <= half; i++) {
                    int sx = xx + i;
                    if (sx >= 0 && sx < width) {
                        acc += k[i + half] * fix[yy * width + sx];
                    }
                }
                tmp[yy * width + xx] = acc;
            }
        }
        float[] out = new float[fix.length];
        double sum = 0;
        for (int yy = 0; yy < height; yy++) {
            for (int xx = 0; xx < width; xx++) {
                float acc = 0;
                for (int i = -half; i <= half; i++) {
                    int sy = yy + i;
                    if (sy >= 0 && sy < height) {
                        acc += k[i + half] * tmp[sy * width + xx];
                    }
                }
                out[yy * width + xx] = acc;
                sum += acc;
            }
        }
        if (sum > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= (float) sum;
            }
        }
        return out;
    }

    /** Landmark pixel positions of every frame, for {@link #simulate}. */
    static List<List<double[]>> project(ScenePlan plan) {
        List<List<double[]>> out = new ArrayList<>();
        for (int t = 0; t < plan.poses().length; t++) {
            List<double[]> frame = new ArrayList<>();
            for (Landmark m : plan.landmarks().get(t)) {
                double[] px = new double[2];
                if (plan.imager().phantomToPixel(plan.poses()[t], m.x(), m.z(), px)) {
                    frame.add(px);
                }
            }
            out.add(frame);
        }
        return out;
    }
}
