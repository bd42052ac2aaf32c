package org.sonograd.io.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads every file of shared/data (skipped, with the reason printed, when it is absent). */
class RealDataTest {
    @Test
    void busiImagesAndMergedMasks() {
        List<DatasetEntry> entries = Datasets.busi(RealData.folder("busi"));
        assertEquals(90, entries.size());
        assertEquals(List.of("benign", "malignant", "normal"), entries.stream().map(DatasetEntry::className).distinct().toList());
        int multi = 0;
        for (DatasetEntry e : entries) {
            Picture img = ImageFiles.read(e.file(), true);
            assertEquals(3, img.channels());
            assertTrue(img.height() > 100 && img.width() > 100, e.file() + " is " + img.height() + "x" + img.width());
            boolean[] mask = ImageFiles.readMask(e.masks(), img.height(), img.width());
            int on = 0;
            for (boolean m : mask) {
                on += m ? 1 : 0;
            }
            if (e.className().equals("normal")) {
                assertEquals(0, on, e.file() + ": normal image with lesion pixels");
            } else {
                assertTrue(on > 0, e.file() + ": lesion mask is empty");
            }
            if (e.masks().size() > 1) {
                multi++;
                int single = count(ImageFiles.readMask(e.masks().subList(0, 1), img.height(), img.width()));
                assertTrue(on >= single, "OR-merge covers at least the first mask");
            }
        }
        System.out.println("busi: " + entries.size() + " images, " + multi + " with several masks");
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void hc18ImagesMasksAndCircumferences() {
        List<DatasetEntry> entries = Datasets.hc18(RealData.folder("hc18"));
        assertTrue(entries.size() >= 10);
        for (DatasetEntry e : entries) {
            Picture img = ImageFiles.read(e.file(), false);
            assertTrue(Math.abs(img.height() - 540) <= 5 && Math.abs(img.width() - 800) <= 5,
                    e.file() + " is " + img.height() + "x" + img.width() + ", expected about 540x800");
            boolean[] mask = ImageFiles.readMask(e.masks(), img.height(), img.width());
            // isoperimetric bound: a filled ellipse of perimeter HC has at most the area of the circle of that perimeter
            // (the drawn outline adds a few percent); a plausible ellipse has more than 60% of it
            double pixelMm = e.values()[0];
            double hcPixels = e.values()[1] / pixelMm;
            double circleArea = hcPixels * hcPixels / (4 * Math.PI);
            double area = count(mask);
            assertTrue(area > 0.6 * circleArea && area <= 1.06 * circleArea,
                    e.file() + ": mask area " + area + " vs circle of the same circumference " + circleArea);
        }
    }

    @Test
    void camusImagesAndLabels() {
        List<DatasetEntry> entries = Datasets.camus(RealData.folder("camus"));
        assertEquals(24, entries.size());
        for (DatasetEntry e : entries) {
            NdArray[] pair = Datasets.readCamus(e);
            assertEquals(224, pair[0].shape()[0]);
            int[] counts = new int[4];
            for (double v : pair[1].data()) {
                counts[(int) v]++;
            }
            for (int c = 1; c <= 3; c++) {
                assertTrue(counts[c] > 100, e.file() + ": class " + c + " has " + counts[c] + " pixels");
            }
            // the LV cavity lies above the left atrium once transposed back (apex at the top)
            assertTrue(meanRow(pair[1], 1) < meanRow(pair[1], 3), e.file() + ": LV should be above LA");
        }
    }

    private static double meanRow(NdArray labels, int cls) {
        int w = (int) labels.shape()[1];
        double s = 0;
        int n = 0;
        for (int i = 0; i < labels.data().length; i++) {
            if (labels.data()[i] == cls) {
                s += i / w;
                n++;
            }
        }
        return s / n;
    }

    @Test
    void dicomFiles() {
        Path dir = RealData.folder("dicom");
        DicomImage echo = DicomReader.read(dir.resolve("US-PAL-8-10x-echo.dcm"));
        assertEquals(10, echo.frames().size());
        assertEquals("PALETTE COLOR", echo.photometric());
        assertEquals(3, echo.frames().getFirst().channels());
        DicomImage rgb = DicomReader.read(dir.resolve("US1_UNCR.dcm"));
        assertEquals("RGB", rgb.photometric());
        DicomImage j2k = DicomReader.read(dir.resolve("US1_J2KR.dcm"));
        assertEquals(rgb.height(), j2k.height());
        assertEquals(rgb.width(), j2k.width());
        // lossless JPEG 2000 of the same image decodes to the same pixels
        float[] a = rgb.frames().getFirst().pixels();
        float[] b = j2k.frames().getFirst().pixels();
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff < 1e-6, "J2K lossless differs from uncompressed by " + maxDiff);
        DicomImage aloka = DicomReader.read(dir.resolve("gdcm-US-ALOKA-16.dcm"));
        assertEquals("PALETTE COLOR", aloka.photometric());
        assertTrue(variance(aloka.frames().getFirst()) > 1e-4, "segmented palette image is not flat");
        DicomImage ob = DicomReader.read(dir.resolve("OBXXXX1A.dcm"));
        assertTrue(ob.height() > 100);
        for (DicomImage d : List.of(echo, rgb, aloka, ob)) {
            for (float v : d.frames().getFirst().pixels()) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    private static double variance(Picture p) {
        double m = 0;
        for (float v : p.pixels()) {
            m += v;
        }
        m /= p.pixels().length;
        double s = 0;
        for (float v : p.pixels()) {
            s += (v - m) * (v - m);
        }
        return s / p.pixels().length;
    }

    @Test
    void pocusVideosDecode() {
        List<DatasetEntry> entries = Datasets.pocus(RealData.folder("pocus"));
        assertEquals(36, entries.size());
        for (DatasetEntry e : entries) {
            Video v = VideoFiles.read(e.file(), false, 64, 64, i -> i == 0 || i == 5, 6);
            assertTrue(v.frames().size() >= 1, e.file() + " decoded no frame");
            Picture f = v.frames().getFirst();
            assertEquals(64, f.height());
            assertEquals(64, f.width());
            assertTrue(variance(f) > 1e-4, e.file() + ": first frame is flat");
        }
    }
}
