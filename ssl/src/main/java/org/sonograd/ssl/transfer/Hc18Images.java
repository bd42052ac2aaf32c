package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;
import org.sonograd.ssl.data.Letterbox;

/**
 * HC18 (van den Heuvel et al. 2018): {@code NNN_HC.png} with the filled head annotation
 * {@code NNN_HC_Annotation.png} and {@code pixel_size_and_HC.csv} ({@code filename,pixel size(mm),
 * head circumference (mm)}). Each image is its own group.
 *
 * @param images     the images and head masks (classes: background, head)
 * @param pixelMm    pixel size in mm per image
 * @param hcMm       the reference head circumference in mm per image
 * @param annotations the full-resolution annotation file per image
 */
public record Hc18Images(TaskImages images, double[] pixelMm, double[] hcMm, List<Path> annotations) {
    /** The label-map classes. */
    public static final List<String> MASK_CLASSES = List.of("background", "head");

    /** Every image listed in the CSV of {@code root}, letterboxed to {@code size²} ({@link Letterbox}). */
    public static Hc18Images load(Path root, int size) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("pixel_size_and_HC.csv"));
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, List.of("head"), MASK_CLASSES);
        List<Double> px = new ArrayList<>();
        List<Double> hc = new ArrayList<>();
        List<Path> ann = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            Path img = root.resolve(f[0].trim());
            Path annotation = root.resolve(f[0].trim().replace(".png", "_Annotation.png"));
            Picture p = ImageFiles.read(img, false);
            byte[] mask = binary(ImageFiles.readMask(List.of(annotation), p.height(), p.width()));
            b.add(p.pixels(), p.height(), p.width(), mask, 0, px.size(), f[0].trim());
            px.add(Double.parseDouble(f[1].trim()));
            hc.add(Double.parseDouble(f[2].trim()));
            ann.add(annotation);
        }
        return new Hc18Images(b.build(), px.stream().mapToDouble(Double::doubleValue).toArray(),
                hc.stream().mapToDouble(Double::doubleValue).toArray(), List.copyOf(ann));
    }

    static byte[] binary(boolean[] m) {
        byte[] out = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = (byte) (m[i] ? 1 : 0);
        }
        return out;
    }
}
