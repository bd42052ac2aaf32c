package org.sonograd.ssl.transfer;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.data.Letterbox;

/**
 * Head circumference from a binary head mask: the boundary points of the mask (the midpoint of every
 * pair of 4-adjacent pixels, one inside and one outside: the 0.5 iso-contour of the mask), mapped to
 * the original image's pixel grid ({@link Letterbox#originalX}, {@link Letterbox#originalY}), an
 * {@link Ellipse#fit}, its Ramanujan perimeter, times the pixel size.
 */
public final class HeadCircumference {
    private HeadCircumference() {}

    /**
     * The boundary points of the pixels labelled {@code inside} of an {@code h×w} map, in the
     * original coordinates of {@code placement}: x_orig = (x − left + ½)·scaleX − ½ (pixel centres
     * aligned), y likewise. Returns {x[], y[]}.
     */
    public static double[][] boundary(boolean[] inside, int h, int w, Letterbox placement) {
        List<double[]> pts = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!inside[y * w + x]) {
                    continue;
                }
                int[][] nb = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}};
                for (int[] d : nb) {
                    int yy = y + d[0];
                    int xx = x + d[1];
                    boolean out = yy < 0 || yy >= h || xx < 0 || xx >= w || !inside[yy * w + xx];
                    if (out) {
                        double px = x + d[1] * 0.5;
                        double py = y + d[0] * 0.5;
                        pts.add(new double[] {placement.originalX(px), placement.originalY(py)});
                    }
                }
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }

    /** The fitted ellipse of a mask (see {@link #boundary}), in original pixels. */
    public static Ellipse ellipse(boolean[] inside, int h, int w, Letterbox placement) {
        double[][] p = boundary(inside, h, w, placement);
        return Ellipse.fit(p[0], p[1]);
    }

    /** Head circumference in mm of a mask, for square pixels of {@code pixelMm} mm in the original image. */
    public static double millimetres(boolean[] inside, int h, int w, Letterbox placement, double pixelMm) {
        return ellipse(inside, h, w, placement).circumference() * pixelMm;
    }
}
