package org.sonograd.ssl.data;

/**
 * One affine transform of recipe 1's transformation task: rotation θ (degrees), isotropic scale s,
 * shear k (x += k·y) and translation (tx, ty) as fractions of the frame size. The forward map about
 * the frame centre c is  p' = c + T + R(θ)·S(s)·Sh(k)·(p − c).
 */
public record AffineParams(double rotation, double scale, double shear, double tx, double ty) {

    /** Draws each parameter uniformly from its range. */
    public static AffineParams draw(KeyedDraws d, double maxRotation, double scaleMin, double scaleMax, double maxShear,
                                    double maxTranslate) {
        return new AffineParams(d.uniform(-maxRotation, maxRotation), d.uniform(scaleMin, scaleMax),
                d.uniform(-maxShear, maxShear), d.uniform(-maxTranslate, maxTranslate), d.uniform(-maxTranslate, maxTranslate));
    }

    /** The regression target: each parameter mapped linearly from its range to [−1, 1]. */
    public float[] normalised(double maxRotation, double scaleMin, double scaleMax, double maxShear, double maxTranslate) {
        return new float[] {(float) (rotation / maxRotation),
                (float) (2 * (scale - scaleMin) / (scaleMax - scaleMin) - 1),
                (float) (shear / maxShear), (float) (tx / maxTranslate), (float) (ty / maxTranslate)};
    }

    /** Number of regressed parameters. */
    public static final int COUNT = 5;
}
