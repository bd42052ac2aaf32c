package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PositivePairsTest {
    private static final int FRAMES = 10;
    private static final int PIXELS = 4;

    /** Frame t of a constant video: every pixel t. */
    private static float[] frame(int t) {
        float[] f = new float[PIXELS];
        Arrays.fill(f, t);
        return f;
    }

    @Test
    void metaPairsMixOrderedFramesWithTheirOwnCoefficients() {
        PositivePairs pairs = new PositivePairs(PositivePairs.Mode.META, new BetaDistribution(3, 5));
        for (int step = 0; step < 50; step++) {
            PositivePairs.Pair p = pairs.draw(FRAMES, PositivePairsTest::frame, KeyedDraws.of(1, 0, step));
            int[] t = p.frames();
            assertTrue(t[0] < t[1] && t[1] < t[2], Arrays.toString(t));
            // x1 = (1 − α)·f0 + α·f1, x2 = β·f1 + (1 − β)·f2
            assertEquals((1 - p.alpha()) * t[0] + p.alpha() * t[1], p.first()[2], 1e-5);
            assertEquals(p.beta() * t[1] + (1 - p.beta()) * t[2], p.second()[3], 1e-5);
        }
    }

    @Test
    void usclPairsShareTheMiddleDrawWithOneCoefficient() {
        PositivePairs pairs = new PositivePairs(PositivePairs.Mode.USCL, new BetaDistribution(0.5, 0.5));
        boolean unordered = false;
        for (int step = 0; step < 50; step++) {
            PositivePairs.Pair p = pairs.draw(FRAMES, PositivePairsTest::frame, KeyedDraws.of(1, 0, step));
            int[] t = p.frames();
            assertEquals(3, Arrays.stream(t).distinct().count());
            unordered |= !(t[0] < t[1] && t[1] < t[2]);
            double l = p.alpha();
            assertEquals(l, p.beta(), 0.0);
            assertEquals(l * t[0] + (1 - l) * t[1], p.first()[0], 1e-5);
            assertEquals(l * t[2] + (1 - l) * t[1], p.second()[0], 1e-5);
        }
        assertTrue(unordered, "USCL frames are not sorted in time");
    }

    /**
     * E[x1] = (1 − E α)·E f0 + E α·E f1 (α independent of the frames), with E α = 3/8 and the order
     * statistics of 3 distinct frames of {0 … T − 1}: E f_(k) = k(T + 1)/4 − 1, k = 1, 2, 3.
     */
    @Test
    void meanOfTheMixedViewsMatchesTheClosedForm() {
        PositivePairs pairs = new PositivePairs(PositivePairs.Mode.META, new BetaDistribution(3, 5));
        int n = 40_000;
        double s1 = 0;
        double s2 = 0;
        KeyedDraws d = null;
        for (int i = 0; i < n; i++) {
            // 100 pairs per key stay well within a key's 4096 uniforms
            d = i % 100 == 0 ? KeyedDraws.of(2, 0, i / 100) : d;
            PositivePairs.Pair p = pairs.draw(FRAMES, PositivePairsTest::frame, d);
            s1 += p.first()[0];
            s2 += p.second()[0];
        }
        double[] order = new double[3];
        for (int k = 1; k <= 3; k++) {
            order[k - 1] = k * (FRAMES + 1) / 4.0 - 1;
        }
        double a = 3.0 / 8;
        double expected1 = (1 - a) * order[0] + a * order[1];
        double expected2 = a * order[1] + (1 - a) * order[2];
        // the views' standard deviation is below 3 frames: 5 standard errors of the mean
        double tolerance = 5 * 3 / Math.sqrt(n);
        assertEquals(expected1, s1 / n, tolerance);
        assertEquals(expected2, s2 / n, tolerance);
    }
}
