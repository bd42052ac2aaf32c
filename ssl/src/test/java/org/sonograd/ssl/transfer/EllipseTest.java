package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;
import org.sonograd.ssl.data.Letterbox;

class EllipseTest {
    /** A filled ellipse rasterised by pixel centres: ((x−cx)cosθ + (y−cy)sinθ)²/a² + (…)²/b² ≤ 1. */
    private static boolean[] raster(int h, int w, double cx, double cy, double a, double b, double theta) {
        boolean[] m = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x - cx) * Math.cos(theta) + (y - cy) * Math.sin(theta);
                double v = -(x - cx) * Math.sin(theta) + (y - cy) * Math.cos(theta);
                m[y * w + x] = u * u / (a * a) + v * v / (b * b) <= 1;
            }
        }
        return m;
    }

    @Test
    void ramanujanIsExactForACircleAndCloseToTheSeriesForAnEllipse() {
        assertEquals(2 * Math.PI * 7, new Ellipse(0, 0, 7, 7, 0).circumference(), 1e-9);
        // a = 2, b = 1: perimeter 9.688448220547675 (complete elliptic integral of the second kind)
        assertEquals(9.688448220547675, new Ellipse(0, 0, 2, 1, 0).circumference(), 1e-4);
    }

    @Test
    void fitRecoversExactPointsOfAKnownEllipse() {
        int n = 50;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double u = 90 * Math.cos(t);
            double v = 40 * Math.sin(t);
            x[i] = 300 + u * Math.cos(0.4) - v * Math.sin(0.4);
            y[i] = 200 + u * Math.sin(0.4) + v * Math.cos(0.4);
        }
        Ellipse e = Ellipse.fit(x, y);
        assertEquals(300, e.cx(), 1e-6);
        assertEquals(200, e.cy(), 1e-6);
        assertEquals(90, e.a(), 1e-6);
        assertEquals(40, e.b(), 1e-6);
        assertEquals(0.4, Math.IEEEremainder(e.angle(), Math.PI), 1e-6);
    }

    @Test
    void rasterisedEllipseGivesItsCircumferenceAtFullAndAtReducedResolution() {
        double a = 250;
        double b = 170;
        double expected = new Ellipse(0, 0, a, b, 0).circumference();
        boolean[] full = raster(540, 800, 410.3, 265.7, a, b, 0.6);
        Ellipse e = HeadCircumference.ellipse(full, 540, 800, unscaled(540, 800));
        assertEquals(a, e.a(), 0.5);
        assertEquals(b, e.b(), 0.5);
        assertEquals(expected, e.circumference(), expected * 0.002);
        // the same head seen in a 64×64 letterboxed map: content 64×43 (12.5 and 12.56 original pixels per
        // map pixel), 10 rows of padding above
        Letterbox placement = Letterbox.of(540, 800, 64);
        assertEquals(43, placement.contentHeight());
        assertEquals(10, placement.top());
        boolean[] small = new boolean[64 * 64];
        for (int y = placement.top(); y < placement.top() + placement.contentHeight(); y++) {
            for (int x = 0; x < 64; x++) {
                double ox = placement.originalX(x) - 410.3;
                double oy = placement.originalY(y) - 265.7;
                double u = ox * Math.cos(0.6) + oy * Math.sin(0.6);
                double v = -ox * Math.sin(0.6) + oy * Math.cos(0.6);
                small[y * 64 + x] = u * u / (a * a) + v * v / (b * b) <= 1;
            }
        }
        double c = HeadCircumference.ellipse(small, 64, 64, placement).circumference();
        assertEquals(expected, c, expected * 0.02, "64² map: " + c + " vs " + expected);
    }

    @Test
    void groundTruthAnnotationsReproduceTheCsvCircumference() throws Exception {
        Path root = RealData.folder("hc18");
        List<String> lines = java.nio.file.Files.readAllLines(root.resolve("pixel_size_and_HC.csv"));
        double worst = 0;
        double sum = 0;
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Path ann = root.resolve(f[0].replace(".png", "_Annotation.png"));
            Picture p = ImageFiles.read(ann, false);
            boolean[] m = ImageFiles.readMask(List.of(ann), p.height(), p.width());
            double hc = HeadCircumference.millimetres(m, p.height(), p.width(), unscaled(p.height(), p.width()),
                    Double.parseDouble(f[1]));
            double err = Math.abs(hc - Double.parseDouble(f[2]));
            worst = Math.max(worst, err);
            sum += err;
            n++;
        }
        System.out.printf("HC18 ground truth: %d masks, HC mean abs error %.2f mm, worst %.2f mm%n", n, sum / n, worst);
        assertEquals(60, n);
        assertTrue(sum / n < 2.0, "mean abs error " + sum / n);
        assertTrue(worst < 5.0, "worst abs error " + worst);
    }

    /** The identity placement of an {@code h×w} map (no padding, one original pixel per map pixel). */
    private static Letterbox unscaled(int h, int w) {
        return new Letterbox(Math.max(h, w), h, w, h, w, 0, 0);
    }
}
