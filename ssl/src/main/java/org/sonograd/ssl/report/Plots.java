package org.sonograd.ssl.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Minimal PNG charts drawn with Java2D (no plotting service): line charts, a confusion-matrix
 * heat map and a labelled 2D scatter. Each method writes one PNG file.
 */
public final class Plots {
    private static final int W = 640;
    private static final int H = 420;
    private static final int MARGIN = 60;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};

    private Plots() {}

    /** The colour of series or class {@code i}. */
    public static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Line chart of named series over a shared x axis (NaN values are skipped). */
    public static void lines(Path file, String title, String xLabel, double[] x, Map<String, double[]> series) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        double xMin = min(x);
        double xMax = max(x);
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double[] ys : series.values()) {
            yMin = Math.min(yMin, min(ys));
            yMax = Math.max(yMax, max(ys));
        }
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        axes(g, title, xLabel, xMin, xMax, yMin, yMax);
        int k = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            g.setColor(colour(k));
            g.setStroke(new BasicStroke(1.5f));
            double[] ys = e.getValue();
            int px = -1;
            int py = -1;
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(ys[i])) {
                    continue;
                }
                int cx = sx(x[i], xMin, xMax);
                int cy = sy(ys[i], yMin, yMax);
                if (px >= 0) {
                    g.drawLine(px, py, cx, cy);
                }
                px = cx;
                py = cy;
            }
            g.drawString(e.getKey(), W - MARGIN - 150, MARGIN + 16 * k + 10);
            k++;
        }
        write(img, file);
    }

    /** Heat map of a confusion matrix with counts in the cells; rows are true classes. */
    public static void confusion(Path file, String title, long[][] m, List<String> names) throws IOException {
        int k = m.length;
        BufferedImage img = new BufferedImage(W, W, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, W);
        long max = 1;
        for (long[] row : m) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        int left = 110;
        int top = 50;
        int cell = (W - left - 20) / k;
        g.setColor(Color.BLACK);
        g.drawString(title + " (rows: true, columns: predicted)", 10, 20);
        for (int i = 0; i < k; i++) {
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), 5, top + i * cell + cell / 2 + 5);
            g.drawString(names.get(i).substring(0, Math.min(4, names.get(i).length())), left + i * cell + 4, top - 6);
            for (int j = 0; j < k; j++) {
                float shade = (float) m[i][j] / max;
                g.setColor(new Color(1 - 0.8f * shade, 1 - 0.6f * shade, 1f));
                g.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
                g.setColor(Color.BLACK);
                g.drawString(Long.toString(m[i][j]), left + j * cell + cell / 3, top + i * cell + cell / 2 + 5);
            }
        }
        write(img, file);
    }

    /** Scatter of 2D points coloured by class, with a legend of class names. */
    public static void scatter(Path file, String title, double[][] points, int[] classes, List<String> names) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            xs[i] = points[i][0];
            ys[i] = points[i][1];
        }
        double xMin = min(xs);
        double xMax = Math.max(max(xs), xMin + 1e-9);
        double yMin = min(ys);
        double yMax = Math.max(max(ys), yMin + 1e-9);
        axes(g, title, "PC 1", xMin, xMax, yMin, yMax);
        for (int i = 0; i < points.length; i++) {
            g.setColor(colour(classes[i]));
            g.fillOval(sx(xs[i], xMin, xMax) - 3, sy(ys[i], yMin, yMax) - 3, 6, 6);
        }
        for (int c = 0; c < names.size(); c++) {
            g.setColor(colour(c));
            g.drawString(names.get(c), W - 120, MARGIN + 14 * c);
        }
        write(img, file);
    }

    /** A grey-scale frame with a heat overlay (both in [0, 1] after min-max scaling), side by side with the target. */
    public static void overlay(Path file, String title, float[] frame, float[][] maps, List<String> captions, int h, int w)
            throws IOException {
        int scale = Math.max(1, 160 / w);
        int panel = w * scale;
        BufferedImage img = new BufferedImage(panel * maps.length + 10 * (maps.length + 1), h * scale + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        float[] f = minMax(frame);
        for (int k = 0; k < maps.length; k++) {
            float[] m = minMax(maps[k]);
            int x0 = 10 + k * (panel + 10);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = f[y * w + x];
                    float a = m[y * w + x];
                    int r = (int) (255 * Math.min(1, v * (1 - a) + a));
                    int gg = (int) (255 * v * (1 - a));
                    int b = (int) (255 * v * (1 - a));
                    g.setColor(new Color(r, gg, b));
                    g.fillRect(x0 + x * scale, 30 + y * scale, scale, scale);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(captions.get(k), x0, 22);
        }
        write(img, file);
    }

    /** ROC curves (false-positive rate vs true-positive rate, each with its AUROC in the legend) and the chance diagonal. */
    public static void roc(Path file, String title, Map<String, double[][]> curves) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        axes(g, title, "false-positive rate", 0, 1, 0, 1);
        g.drawString("true-positive rate", 5, MARGIN - 12);
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(sx(0, 0, 1), sy(0, 0, 1), sx(1, 0, 1), sy(1, 0, 1));
        int k = 0;
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            double[] fpr = e.getValue()[0];
            double[] tpr = e.getValue()[1];
            double area = 0;
            g.setColor(colour(k));
            g.setStroke(new BasicStroke(1.5f));
            for (int i = 0; i + 1 < fpr.length; i++) {
                g.drawLine(sx(fpr[i], 0, 1), sy(tpr[i], 0, 1), sx(fpr[i + 1], 0, 1), sy(tpr[i + 1], 0, 1));
                area += (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2;
            }
            g.drawString(String.format("%s (AUROC %.3f)", e.getKey(), area), W - MARGIN - 230, H - MARGIN - 16 * (curves.size() - k));
            k++;
        }
        write(img, file);
    }

    /**
     * Segmentation examples, one row each: the grey image, the true label map and the predicted one
     * blended over it (class c &gt; 0 in colour c − 1 at 50% opacity), with the Dice of each row's caption.
     */
    public static void segmentation(Path file, List<String> captions, List<float[]> images, List<int[]> truths,
                                    List<int[]> predictions, int size) throws IOException {
        int scale = Math.max(1, 128 / size);
        int panel = size * scale;
        int rows = images.size();
        BufferedImage img = new BufferedImage(3 * panel + 40, rows * (panel + 24) + 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.drawString("image", 10, 14);
        g.drawString("truth", 20 + panel, 14);
        g.drawString("prediction", 30 + 2 * panel, 14);
        for (int r = 0; r < rows; r++) {
            int y0 = 24 + r * (panel + 24);
            float[] f = minMax(images.get(r));
            int[][] layers = {null, truths.get(r), predictions.get(r)};
            for (int p = 0; p < 3; p++) {
                int x0 = 10 + p * (panel + 10);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        float v = f[y * size + x];
                        float red = v;
                        float green = v;
                        float blue = v;
                        int c = layers[p] == null ? 0 : layers[p][y * size + x];
                        if (c > 0) {
                            Color col = colour(c - 1);
                            red = 0.5f * v + 0.5f * col.getRed() / 255f;
                            green = 0.5f * v + 0.5f * col.getGreen() / 255f;
                            blue = 0.5f * v + 0.5f * col.getBlue() / 255f;
                        }
                        g.setColor(new Color(red, green, blue));
                        g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                    }
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(captions.get(r), 10, y0 + panel + 14);
        }
        write(img, file);
    }

    private static float[] minMax(float[] v) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0;
        }
        return out;
    }

    private static BufferedImage canvas() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return g;
    }

    private static void axes(Graphics2D g, String title, String xLabel, double xMin, double xMax, double yMin, double yMax) {
        g.setColor(Color.BLACK);
        g.drawString(title, MARGIN, 25);
        g.drawLine(MARGIN, H - MARGIN, W - MARGIN, H - MARGIN);
        g.drawLine(MARGIN, MARGIN, MARGIN, H - MARGIN);
        g.drawString(xLabel, W / 2, H - 15);
        g.drawString(fmt(xMin), MARGIN, H - MARGIN + 15);
        g.drawString(fmt(xMax), W - MARGIN - 30, H - MARGIN + 15);
        g.drawString(fmt(yMax), 5, MARGIN + 5);
        g.drawString(fmt(yMin), 5, H - MARGIN);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? String.format("%.2e", v) : String.format("%.3g", v);
    }

    private static int sx(double x, double lo, double hi) {
        return MARGIN + (int) Math.round((x - lo) / (hi - lo == 0 ? 1 : hi - lo) * (W - 2 * MARGIN));
    }

    private static int sy(double y, double lo, double hi) {
        return H - MARGIN - (int) Math.round((y - lo) / (hi - lo) * (H - 2 * MARGIN));
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.min(m, x);
            }
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.max(m, x);
            }
        }
        return m;
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
