package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;
import org.sonograd.ssl.data.Letterbox;

/**
 * BUSI (Al-Dhabyani et al. 2020): {@code <root>/<benign|malignant|normal>/<name>.png} with lesion
 * masks {@code <name>_mask.png} and, for images with several lesions, {@code <name>_mask_1.png}, …,
 * merged with OR. RGB images are converted to grey (BT.601 luma). Each image is its own group.
 */
public final class BusiImages {
    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("benign", "malignant", "normal");
    /** The label-map classes. */
    public static final List<String> MASK_CLASSES = List.of("background", "lesion");

    private BusiImages() {}

    /** Every image of {@code root}, letterboxed to {@code size²} ({@link Letterbox}), with its merged lesion mask. */
    public static TaskImages load(Path root, int size) throws IOException {
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, CLASSES, MASK_CLASSES);
        int group = 0;
        for (int c = 0; c < CLASSES.size(); c++) {
            Path dir = root.resolve(CLASSES.get(c));
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                images = s.filter(p -> p.getFileName().toString().endsWith(".png") && !p.getFileName().toString().contains("_mask"))
                        .sorted().toList();
            }
            for (Path img : images) {
                String stem = img.getFileName().toString().replaceFirst("\\.png$", "");
                List<Path> masks = new ArrayList<>();
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(stem) + "_mask(_\\d+)?\\.png"))
                            .sorted().forEach(masks::add);
                }
                if (masks.isEmpty()) {
                    throw new IllegalArgumentException("BUSI: " + img + " has no " + stem + "_mask.png");
                }
                Picture p = ImageFiles.read(img, false);
                boolean[] merged = ImageFiles.readMask(masks, p.height(), p.width());
                byte[] mask = new byte[merged.length];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (byte) (merged[i] ? 1 : 0);
                }
                b.add(p.pixels(), p.height(), p.width(), mask, c, group++, CLASSES.get(c) + "/" + stem);
            }
        }
        return b.build();
    }
}
