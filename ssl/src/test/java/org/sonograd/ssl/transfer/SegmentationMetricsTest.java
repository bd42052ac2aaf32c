package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    private static int[] rectangle(int size, int y0, int x0, int h, int w, int label) {
        int[] m = new int[size * size];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                m[y * size + x] = label;
            }
        }
        return m;
    }

    @Test
    void overlappingRectanglesMatchTheClosedForm() {
        // P = 10×10 at (0,0), T = 10×10 at (5,0): |P∩T| = 50, |P| = |T| = 100, |P∪T| = 150
        int[] p = rectangle(20, 0, 0, 10, 10, 1);
        int[] t = rectangle(20, 5, 0, 10, 10, 1);
        assertEquals(2 * 50.0 / 200, SegmentationMetrics.dice(p, t, 1), 1e-12);
        assertEquals(50.0 / 150, SegmentationMetrics.iou(p, t, 1), 1e-12);
        // background: |P₀| = |T₀| = 300, |P₀∩T₀| = 250
        assertEquals(2 * 250.0 / 600, SegmentationMetrics.dice(p, t, 0), 1e-12);
        assertEquals(250.0 / 350, SegmentationMetrics.iou(p, t, 0), 1e-12);
    }

    @Test
    void diceAndIouAreRelatedAndEdgeCasesHold() {
        int[] p = rectangle(16, 2, 3, 7, 5, 2);
        int[] t = rectangle(16, 4, 1, 6, 9, 2);
        double d = SegmentationMetrics.dice(p, t, 2);
        double j = SegmentationMetrics.iou(p, t, 2);
        assertEquals(2 * j / (1 + j), d, 1e-12); // Dice = 2J / (1 + J)
        assertEquals(1, SegmentationMetrics.dice(p, p, 2), 1e-12);
        assertEquals(0, SegmentationMetrics.dice(p, new int[256], 2), 1e-12);
        assertEquals(1, SegmentationMetrics.dice(new int[256], new int[256], 1), 1e-12); // absent in both
    }
}
