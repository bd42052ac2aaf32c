package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;

/** The real datasets load as their READMEs describe (skipped when shared/data is absent). */
class ClinicalDataTest {
    @Test
    void busiHasThirtyImagesPerClassAndMergesMultiLesionMasksWithOr() throws Exception {
        Path root = RealData.folder("busi");
        TaskImages d = BusiImages.load(root, 32);
        int[] perClass = new int[3];
        for (int l : d.labels()) {
            perClass[l]++;
        }
        assertEquals(List.of(30, 30, 30), List.of(perClass[0], perClass[1], perClass[2]));
        // normal images have empty masks; every benign/malignant image has a lesion
        int hw = 32 * 32;
        for (int i = 0; i < d.count(); i++) {
            int fg = 0;
            for (int k = 0; k < hw; k++) {
                fg += d.masks()[i * hw + k];
            }
            boolean normal = d.labels()[i] == 2;
            assertTrue(normal ? fg == 0 : fg > 0, d.ids().get(i) + ": " + fg + " lesion pixels");
        }
        // an image with a second mask: the merged mask is the union of both at full resolution
        try (var s = java.nio.file.Files.walk(root)) {
            Path second = s.filter(p -> p.getFileName().toString().endsWith("_mask_1.png")).findFirst().orElse(null);
            if (second != null) {
                Path first = Path.of(second.toString().replace("_mask_1.png", "_mask.png"));
                Picture a = ImageFiles.read(first, false);
                boolean[] m1 = ImageFiles.readMask(List.of(first), a.height(), a.width());
                boolean[] m2 = ImageFiles.readMask(List.of(second), a.height(), a.width());
                boolean[] both = ImageFiles.readMask(List.of(first, second), a.height(), a.width());
                for (int k = 0; k < both.length; k++) {
                    assertEquals(m1[k] || m2[k], both[k]);
                }
            }
        }
    }

    @Test
    void camusImagesAreTransposedBackAndLabelsRounded() throws Exception {
        TaskImages d = CamusImages.load(RealData.folder("camus"), 64);
        assertEquals(24, d.count());
        assertEquals(6, java.util.Arrays.stream(d.groups()).distinct().count(), "six patients");
        int hw = 64 * 64;
        for (int i = 0; i < d.count(); i++) {
            int[] hist = new int[4];
            for (int k = 0; k < hw; k++) {
                hist[d.masks()[i * hw + k]]++;
            }
            assertTrue(hist[1] > 0 && hist[2] > 0 && hist[3] > 0, d.ids().get(i) + " lacks a structure: "
                    + java.util.Arrays.toString(hist));
            // apical views after transposing back: the LV cavity (1) lies above the left atrium (3)
            assertTrue(meanRow(d.masks(), i, hw, 64, 1) < meanRow(d.masks(), i, hw, 64, 3), d.ids().get(i));
        }
    }

    private static double meanRow(byte[] masks, int i, int hw, int size, int c) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < hw; k++) {
            if (masks[i * hw + k] == c) {
                sum += k / size;
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void pocusVideosGiveFramesGroupedByVideo() throws Exception {
        TaskImages d = FolderImages.load(RealData.folder("pocus"), 32, 4);
        assertEquals(List.of("covid", "pneumonia", "regular"), d.classes());
        Map<Integer, Integer> labelOf = new HashMap<>();
        Map<Integer, Integer> frames = new HashMap<>();
        for (int i = 0; i < d.count(); i++) {
            Integer prev = labelOf.putIfAbsent(d.groups()[i], d.labels()[i]);
            assertTrue(prev == null || prev == d.labels()[i], "a video with two labels");
            frames.merge(d.groups()[i], 1, Integer::sum);
        }
        assertEquals(36, labelOf.size(), "36 videos");
        frames.values().forEach(f -> assertEquals(4, f));
    }
}
