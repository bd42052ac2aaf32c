package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sonograd.io.read.NdArray;
import org.sonograd.io.read.NpyReader;
import org.sonograd.ssl.data.Letterbox;

/**
 * CAMUS (Leclerc et al. 2019) as {@code patientNNNN_{2CH,4CH}_{ED,ES}.npy} images with
 * {@code …_gt.npy} labels: float64 arrays stored transposed (so each is transposed back), images
 * min–max scaled to [0, 1], labels rounded to 0 background, 1 LV cavity, 2 myocardium, 3 left atrium.
 * The group is the patient, so a patient's views never cross folds.
 */
public final class CamusImages {
    /** The label-map classes (as the simulator's echo masks). */
    public static final List<String> MASK_CLASSES = List.of("background", "lv", "myocardium", "la");
    private static final Pattern NAME = Pattern.compile("patient(\\d+)_(2CH|4CH)_(ED|ES)\\.npy");

    private CamusImages() {}

    /** Every image of {@code root}, letterboxed to {@code size²} ({@link Letterbox}); image class = view (2CH, 4CH). */
    public static TaskImages load(Path root, int size) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("CAMUS: no patientNNNN_{2CH,4CH}_{ED,ES}.npy in " + root);
        }
        List<String> views = List.of("2CH", "4CH");
        List<String> patients = new ArrayList<>();
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, views, MASK_CLASSES);
        for (Path f : files) {
            Matcher m = NAME.matcher(f.getFileName().toString());
            m.matches();
            if (!patients.contains(m.group(1))) {
                patients.add(m.group(1));
            }
            NdArray image = NpyReader.read(f).transpose2d();
            NdArray gt = NpyReader.read(f.resolveSibling(f.getFileName().toString().replace(".npy", "_gt.npy"))).transpose2d();
            int h = (int) image.shape()[0];
            int w = (int) image.shape()[1];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : image.data()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float[] grey = new float[h * w];
            byte[] labels = new byte[h * w];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = (float) (hi > lo ? (image.data()[i] - lo) / (hi - lo) : 0);
                labels[i] = (byte) Math.clamp(Math.round(gt.data()[i]), 0, 3);
            }
            b.add(grey, h, w, labels, views.indexOf(m.group(2)), patients.indexOf(m.group(1)),
                    f.getFileName().toString().replace(".npy", ""));
        }
        return b.build();
    }
}
