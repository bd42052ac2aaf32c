package org.sonograd.ssl.data;

/**
 * Applies an {@link AffineParams} transform to a frame by inverse mapping with bilinear
 * interpolation; pixels that map outside the frame are 0 (no echo). For output pixel p', the
 * source is p = c + A⁻¹·(p' − c − T) with A = R(θ)·S(s)·Sh(k).
 */
public final class AffineWarp {
    private AffineWarp() {}

    /** Warps {@code frame} ({@code h·w}, row-major) into a new array. */
    public static float[] warp(float[] frame, int h, int w, AffineParams a) {
        double th = Math.toRadians(a.rotation());
        double cos = Math.cos(th);
        double sin = Math.sin(th);
        // A = R·S·Sh = [[c, -s],[s, c]]·s·[[1, k],[0, 1]]
        double a00 = a.scale() * cos;
        double a01 = a.scale() * (cos * a.shear() - sin);
        double a10 = a.scale() * sin;
        double a11 = a.scale() * (sin * a.shear() + cos);
        double det = a00 * a11 - a01 * a10;
        double i00 = a11 / det;
        double i01 = -a01 / det;
        double i10 = -a10 / det;
        double i11 = a00 / det;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double tx = a.tx() * w;
        double ty = a.ty() * h;
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - cx - tx;
                double dy = y - cy - ty;
                double sx = cx + i00 * dx + i01 * dy;
                double sy = cy + i10 * dx + i11 * dy;
                out[y * w + x] = bilinear(frame, h, w, sx, sy);
            }
        }
        return out;
    }

    private static float bilinear(float[] f, int h, int w, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(f, h, w, x0, y0) + fx * at(f, h, w, x0 + 1, y0))
                + fy * ((1 - fx) * at(f, h, w, x0, y0 + 1) + fx * at(f, h, w, x0 + 1, y0 + 1)));
    }

    private static double at(float[] f, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : f[y * w + x];
    }
}
