package org.sonograd.ssl.data;

import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;

/**
 * The augmentation of (Meta-)USCL on one grey frame of raw pixels in [0, 1], every draw from the
 * step's {@link KeyedDraws}:
 * <ol>
 *   <li>random resized crop: area fraction s ~ U[scaleMin, 1], aspect ratio r log-uniform in
 *   [ratioMin, ratioMax], box w = √(s·H·W·r), h = √(s·H·W/r) placed uniformly; after 10 boxes that
 *   do not fit, the whole frame (torchvision's rule, without its centre-crop fallback); resized
 *   bilinearly to size×size;</li>
 *   <li>horizontal flip with probability ½;</li>
 *   <li>colour jitter as torchvision's ColorJitter, in a fixed order (ours): brightness
 *   x ← clip(b·x), b ~ U[1 − brightness, 1 + brightness]; contrast x ← clip(c·x + (1 − c)·mean(x)),
 *   c ~ U[1 − contrast, 1 + contrast]. Saturation (0.64) and hue (0.16) act on colour only and are
 *   no-ops on grey frames, so they are not drawn;</li>
 *   <li>normalisation (x − mean)/std.</li>
 * </ol>
 *
 * @param size        output side
 * @param scaleMin    smallest crop area fraction (0.7)
 * @param ratioMin    smallest aspect ratio (0.8)
 * @param ratioMax    largest aspect ratio (1.25)
 * @param brightness  brightness jitter (0.64)
 * @param contrast    contrast jitter (0.64)
 * @param mean        normalisation mean (0.18)
 * @param std         normalisation standard deviation (0.24)
 */
public record UsclAugmentation(int size, double scaleMin, double ratioMin, double ratioMax, double brightness,
                               double contrast, double mean, double std) {
    private static final int CROP_TRIES = 10;

    /** The augmented, normalised size×size view of an h×w frame. */
    public float[] apply(float[] frame, int h, int w, KeyedDraws d) {
        Frames f = crop(new Frames(1, h, w, frame), d);
        if (d.uniform() < 0.5) {
            f = Transforms.flipHorizontal(f);
        }
        float[] px = f.px();
        double b = d.uniform(Math.max(0, 1 - brightness), 1 + brightness);
        double c = d.uniform(Math.max(0, 1 - contrast), 1 + contrast);
        double sum = 0;
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) Math.clamp(b * px[i], 0, 1);
            sum += px[i];
        }
        double m = sum / px.length;
        for (int i = 0; i < px.length; i++) {
            double v = Math.clamp(c * px[i] + (1 - c) * m, 0, 1);
            px[i] = (float) ((v - mean) / std);
        }
        return px;
    }

    private Frames crop(Frames f, KeyedDraws d) {
        double area = (double) f.h() * f.w();
        for (int attempt = 0; attempt < CROP_TRIES; attempt++) {
            double s = d.uniform(scaleMin, 1);
            double r = Math.exp(d.uniform(Math.log(ratioMin), Math.log(ratioMax)));
            double cw = Math.sqrt(area * s * r);
            double ch = Math.sqrt(area * s / r);
            if (cw <= f.w() && ch <= f.h()) {
                double y0 = (f.h() - ch) * d.uniform();
                double x0 = (f.w() - cw) * d.uniform();
                return Transforms.crop(f, y0, x0, ch, cw, size, size);
            }
        }
        return Transforms.resize(f, size, size);
    }

    /** Normalisation only (no augmentation), resized to size×size: what a probe sees. */
    public float[] plain(float[] frame, int h, int w) {
        Frames f = h == size && w == size ? new Frames(1, h, w, frame.clone()) : Transforms.resize(new Frames(1, h, w, frame), size, size);
        float[] px = f.px();
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) ((px[i] - mean) / std);
        }
        return px;
    }
}
