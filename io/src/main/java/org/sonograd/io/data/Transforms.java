package org.sonograd.io.data;

import java.util.random.RandomGenerator;

/**
 * Clip transforms on {@link Frames}. The same spatial parameters are applied to every frame of a
 * clip. Random transforms take their generator from the caller (the loader keys it by
 * (seed, epoch, index)), so they are reproducible.
 */
public final class Transforms {
    private Transforms() {
    }

    /** Bilinear resize (pixel centres aligned: src = (dst + ½)·in/out − ½, clamped). */
    public static Frames resize(Frames f, int outH, int outW) {
        return crop(f, 0, 0, f.h(), f.w(), outH, outW);
    }

    /** Crops the box (y0, x0, ch, cw) and resizes it bilinearly to outH×outW. */
    public static Frames crop(Frames f, double y0, double x0, double ch, double cw, int outH, int outW) {
        float[] out = new float[f.t() * outH * outW];
        for (int t = 0; t < f.t(); t++) {
            for (int y = 0; y < outH; y++) {
                double sy = Math.clamp(y0 + (y + 0.5) * ch / outH - 0.5, 0, f.h() - 1);
                int y1 = (int) sy;
                int y2 = Math.min(y1 + 1, f.h() - 1);
                double fy = sy - y1;
                for (int x = 0; x < outW; x++) {
                    double sx = Math.clamp(x0 + (x + 0.5) * cw / outW - 0.5, 0, f.w() - 1);
                    int x1 = (int) sx;
                    int x2 = Math.min(x1 + 1, f.w() - 1);
                    double fx = sx - x1;
                    double v = (1 - fy) * ((1 - fx) * f.at(t, y1, x1) + fx * f.at(t, y1, x2))
                            + fy * ((1 - fx) * f.at(t, y2, x1) + fx * f.at(t, y2, x2));
                    out[(t * outH + y) * outW + x] = (float) v;
                }
            }
        }
        return new Frames(f.t(), outH, outW, out);
    }

    /**
     * Random resized crop (Szegedy et al. 2015): area fraction in [minScale, 1], aspect ratio
     * log-uniform in [3/4, 4/3], position uniform; falls back to the whole frame after 10 tries.
     */
    public static Frames randomResizedCrop(Frames f, double minScale, int outH, int outW, RandomGenerator r) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = f.h() * f.w() * (minScale + (1 - minScale) * r.nextDouble());
            double ratio = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * r.nextDouble());
            double cw = Math.sqrt(area * ratio);
            double ch = Math.sqrt(area / ratio);
            if (cw <= f.w() && ch <= f.h()) {
                double y0 = (f.h() - ch) * r.nextDouble();
                double x0 = (f.w() - cw) * r.nextDouble();
                return crop(f, y0, x0, ch, cw, outH, outW);
            }
        }
        return resize(f, outH, outW);
    }

    /** Mirror left–right. */
    public static Frames flipHorizontal(Frames f) {
        float[] out = new float[f.px().length];
        for (int t = 0; t < f.t(); t++) {
            for (int y = 0; y < f.h(); y++) {
                for (int x = 0; x < f.w(); x++) {
                    out[(t * f.h() + y) * f.w() + x] = f.at(t, y, f.w() - 1 - x);
                }
            }
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    /**
     * Affine warp about the centre: rotation {@code angle} (radians), isotropic {@code scale},
     * translation (ty, tx) pixels; output pixel p samples the input at A⁻¹(p − c − t) + c,
     * bilinear, zero outside.
     */
    public static Frames affine(Frames f, double angle, double scale, double ty, double tx) {
        float[] out = new float[f.px().length];
        double cy = (f.h() - 1) / 2.0;
        double cx = (f.w() - 1) / 2.0;
        double c = Math.cos(angle) / scale;
        double s = Math.sin(angle) / scale;
        for (int t = 0; t < f.t(); t++) {
            for (int y = 0; y < f.h(); y++) {
                for (int x = 0; x < f.w(); x++) {
                    double dy = y - cy - ty;
                    double dx = x - cx - tx;
                    double sx = c * dx + s * dy + cx;
                    double sy = -s * dx + c * dy + cy;
                    out[(t * f.h() + y) * f.w() + x] = bilinearOrZero(f, t, sy, sx);
                }
            }
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    private static float bilinearOrZero(Frames f, int t, double sy, double sx) {
        if (sy < 0 || sx < 0 || sy > f.h() - 1 || sx > f.w() - 1) {
            return 0f;
        }
        int y1 = (int) sy;
        int x1 = (int) sx;
        int y2 = Math.min(y1 + 1, f.h() - 1);
        int x2 = Math.min(x1 + 1, f.w() - 1);
        double fy = sy - y1;
        double fx = sx - x1;
        return (float) ((1 - fy) * ((1 - fx) * f.at(t, y1, x1) + fx * f.at(t, y1, x2))
                + fy * ((1 - fx) * f.at(t, y2, x1) + fx * f.at(t, y2, x2)));
    }

    /** Random affine: angle uniform in ±maxAngle, scale in [1−s, 1+s], shift in ±maxShift of the size. */
    public static Frames randomAffine(Frames f, double maxAngle, double maxScale, double maxShift, RandomGenerator r) {
        return affine(f, (2 * r.nextDouble() - 1) * maxAngle, 1 + (2 * r.nextDouble() - 1) * maxScale,
                (2 * r.nextDouble() - 1) * maxShift * f.h(), (2 * r.nextDouble() - 1) * maxShift * f.w());
    }

    /** Intensity jitter: v' = clip((contrast·(v − ½) + ½ + brightness)^gamma, 0, 1), parameters uniform in ±amount. */
    public static Frames intensityJitter(Frames f, double amount, RandomGenerator r) {
        double brightness = (2 * r.nextDouble() - 1) * amount;
        double contrast = 1 + (2 * r.nextDouble() - 1) * amount;
        double gamma = Math.exp((2 * r.nextDouble() - 1) * amount);
        float[] out = new float[f.px().length];
        for (int i = 0; i < out.length; i++) {
            double v = Math.clamp(contrast * (f.px()[i] - 0.5) + 0.5 + brightness, 0, 1);
            out[i] = (float) Math.pow(v, gamma);
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    /** Speckle-preserving multiplicative noise: v' = v·(1 + σ·n), n ~ N(0, 1), clipped to [0, 1]. */
    public static Frames speckleNoise(Frames f, double sigma, RandomGenerator r) {
        float[] out = new float[f.px().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.clamp(f.px()[i] * (1 + sigma * r.nextGaussian()), 0, 1);
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    /** (v − mean) / std. */
    public static Frames normalise(Frames f, double mean, double std) {
        float[] out = new float[f.px().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((f.px()[i] - mean) / std);
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    /** {@code count} frames starting at {@code start} every {@code stride} frames; indices past the end repeat the last frame. */
    public static Frames temporalSample(Frames f, int start, int stride, int count) {
        int hw = f.h() * f.w();
        float[] out = new float[count * hw];
        for (int k = 0; k < count; k++) {
            int src = Math.min(start + k * stride, f.t() - 1);
            System.arraycopy(f.px(), src * hw, out, k * hw, hw);
        }
        return new Frames(count, f.h(), f.w(), out);
    }

    /** A random start for {@link #temporalSample}, uniform over the positions where the window fits (0 if none). */
    public static int randomStart(int frames, int stride, int count, RandomGenerator r) {
        int span = (count - 1) * stride + 1;
        return frames > span ? r.nextInt(frames - span + 1) : 0;
    }

    /**
     * Tube masking (VideoMAE, Tong et al. 2022): the frame is cut into patch×patch cells; a random
     * fraction {@code ratio} of cells is masked in every frame (the same cells, forming tubes).
     * Returns the cell mask, row-major over (H/patch)×(W/patch), true = masked.
     */
    public static boolean[] tubeMask(int h, int w, int patch, double ratio, RandomGenerator r) {
        int cells = (h / patch) * (w / patch);
        int masked = (int) Math.round(ratio * cells);
        int[] order = new int[cells];
        for (int i = 0; i < cells; i++) {
            order[i] = i;
        }
        for (int i = cells - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        boolean[] mask = new boolean[cells];
        for (int i = 0; i < masked; i++) {
            mask[order[i]] = true;
        }
        return mask;
    }

    /** Zeroes the masked cells of {@link #tubeMask} in every frame. */
    public static Frames applyTubeMask(Frames f, int patch, boolean[] mask) {
        float[] out = f.px().clone();
        int cols = f.w() / patch;
        for (int t = 0; t < f.t(); t++) {
            for (int y = 0; y < f.h(); y++) {
                for (int x = 0; x < f.w(); x++) {
                    int cy = y / patch;
                    int cx = x / patch;
                    if (cy < f.h() / patch && cx < cols && mask[cy * cols + cx]) {
                        out[(t * f.h() + y) * f.w() + x] = 0f;
                    }
                }
            }
        }
        return new Frames(f.t(), f.h(), f.w(), out);
    }

    /** Frame mixup (Zhang et al. 2018): λ·a + (1 − λ)·b, frame by frame; shapes must match. */
    public static Frames mixup(Frames a, Frames b, double lambda) {
        if (a.t() != b.t() || a.h() != b.h() || a.w() != b.w()) {
            throw new IllegalArgumentException("mixup: " + a.t() + "x" + a.h() + "x" + a.w() + " vs "
                    + b.t() + "x" + b.h() + "x" + b.w());
        }
        float[] out = new float[a.px().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (lambda * a.px()[i] + (1 - lambda) * b.px()[i]);
        }
        return new Frames(a.t(), a.h(), a.w(), out);
    }
}
