package org.sonograd.io.read;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** PNG, JPEG and BMP images through {@code javax.imageio}, and binary masks. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads an image as grey (1 channel) or RGB (3 channels); values are scaled to [0, 1] by the
     * sample bit depth (8 or 16 bits). Alpha is dropped; palette images are expanded.
     */
    public static Picture read(Path file, boolean rgb) {
        BufferedImage img = decode(file);
        int h = img.getHeight();
        int w = img.getWidth();
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        boolean direct = img.getColorModel() instanceof java.awt.image.ComponentColorModel
                && raster.getSampleModel().getSampleSize(0) > 8;
        float[] out = new float[h * w * (rgb ? 3 : 1)];
        if (direct) {
            // 16-bit grey or RGB: read raw samples so no precision is lost
            float scale = 1f / ((1 << raster.getSampleModel().getSampleSize(0)) - 1);
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    float r = px[0] * scale;
                    float g = bands >= 3 ? px[1] * scale : r;
                    float b = bands >= 3 ? px[2] * scale : r;
                    put(out, y * w + x, rgb, r, g, b);
                }
            }
        } else if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] grey = ((java.awt.image.DataBufferByte) raster.getDataBuffer()).getData();
            for (int i = 0; i < h * w; i++) {
                float v = (grey[i] & 255) / 255f;
                put(out, i, rgb, v, v, v);
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < h * w; i++) {
                int p = argb[i];
                put(out, i, rgb, ((p >> 16) & 255) / 255f, ((p >> 8) & 255) / 255f, (p & 255) / 255f);
            }
        }
        return new Picture(h, w, rgb ? 3 : 1, out);
    }

    private static void put(float[] out, int i, boolean rgb, float r, float g, float b) {
        if (rgb) {
            out[3 * i] = r;
            out[3 * i + 1] = g;
            out[3 * i + 2] = b;
        } else if (r == g && g == b) {
            out[i] = r;
        } else {
            out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
        }
    }

    /**
     * Reads one or more binary masks of the same size and merges them with OR (a pixel is 1 if any
     * mask is above half intensity there). Different sizes are an error naming both files.
     */
    public static boolean[] readMask(List<Path> files, int expectedHeight, int expectedWidth) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("readMask: no mask files given");
        }
        boolean[] merged = new boolean[expectedHeight * expectedWidth];
        for (Path f : files) {
            Picture m = read(f, false);
            if (m.height() != expectedHeight || m.width() != expectedWidth) {
                throw new SampleException(f, "mask is " + m.height() + "x" + m.width() + " but the image is "
                        + expectedHeight + "x" + expectedWidth);
            }
            for (int i = 0; i < merged.length; i++) {
                merged[i] |= m.pixels()[i] > 0.5f;
            }
        }
        return merged;
    }

    /** Writes a grey picture as an 8-bit PNG (values clipped to [0, 1]). */
    public static void writeGreyPng(Path file, int height, int width, float[] grey, int offset) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < height * width; i++) {
            data[i] = (byte) Math.round(255 * Math.clamp(grey[offset + i], 0f, 1f));
        }
        write(file, img);
    }

    /** Writes a label map as an 8-bit PNG holding the class indices. */
    public static void writeLabelPng(Path file, int height, int width, byte[] labels, int offset) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, offset, data, 0, height * width);
        write(file, img);
    }

    /** Writes a buffered image as PNG. */
    public static void write(Path file, BufferedImage img) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new SampleException(file, "no PNG writer available");
            }
        } catch (IOException e) {
            throw new SampleException(file, "cannot write PNG", e);
        }
    }

    private static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SampleException(file, "no such file");
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new SampleException(file, "not a readable image (unknown or unsupported format)");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SampleException se) {
                throw se;
            }
            throw new SampleException(file, "corrupt or truncated image", e);
        }
    }
}
