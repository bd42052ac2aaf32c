package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    @Test
    void handComputedThreeClassCaseWithAnAbsentFourthClass() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] pred = {0, 1, 1, 1, 0, 2};
        ClassificationMetrics m = ClassificationMetrics.of(truth, pred, 4);
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        // class 0: P 1/2 R 1/2 F 1/2; class 1: P 2/3 R 1 F 0.8; class 2: P 1 R 1/2 F 2/3; class 3 absent
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, m.macroPrecision(), 1e-12);
        assertEquals((0.5 + 1 + 0.5) / 3, m.macroRecall(), 1e-12);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, m.macroF1(), 1e-12);
        assertArrayEquals(new long[] {1, 1, 0, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 2, 0, 0}, m.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 1, 0}, m.confusion()[2]);
    }

    @Test
    void aClassNeverPredictedCountsAsZeroPrecision() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 0}, 2);
        assertEquals(0.0, m.precision()[1]);
        assertEquals((0.5 + 0) / 2, m.macroPrecision(), 1e-12);
        assertEquals((2.0 / 3 + 0) / 2, m.macroF1(), 1e-12);
    }

    @Test
    void meanAndSampleStd() {
        MeanStd s = MeanStd.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
        assertEquals(0.0, MeanStd.of(7).std());
    }
}
