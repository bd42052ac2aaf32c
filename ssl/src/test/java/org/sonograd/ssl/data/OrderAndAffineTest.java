package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderAndAffineTest {
    @Test
    void twelveClassesCoverAll24PermutationsWithReversesPaired() {
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < OrderClasses.COUNT; c++) {
            int[] p = OrderClasses.permutation(c, false);
            int[] r = OrderClasses.permutation(c, true);
            assertArrayEquals(new int[] {p[3], p[2], p[1], p[0]}, r);
            assertEquals(c, OrderClasses.classOf(p));
            assertEquals(c, OrderClasses.classOf(r));
            seen.add(java.util.Arrays.toString(p));
            seen.add(java.util.Arrays.toString(r));
        }
        assertEquals(24, seen.size());
    }

    @Test
    void identityWarpKeepsTheFrame() {
        float[] f = new float[5 * 7];
        for (int i = 0; i < f.length; i++) {
            f[i] = i * 0.5f;
        }
        assertArrayEquals(f, AffineWarp.warp(f, 5, 7, new AffineParams(0, 1, 0, 0, 0)), 1e-5f);
    }

    @Test
    void translationShiftsByWholePixelsAndFillsWithZero() {
        // 4×4 frame, tx = 0.25 → one pixel to the right: out(x, y) = in(x − 1, y)
        float[] f = new float[16];
        for (int i = 0; i < 16; i++) {
            f[i] = i + 1;
        }
        float[] out = AffineWarp.warp(f, 4, 4, new AffineParams(0, 1, 0, 0.25, 0));
        float[] expected = {0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15};
        assertArrayEquals(expected, out, 1e-5f);
    }

    @Test
    void rotationBy90DegreesMovesPixelsAroundTheCentre() {
        // 3×3, centre (1, 1). Forward map p' = c + R(90°)(p − c): (x, y) → (1 − (y − 1), 1 + (x − 1)).
        float[] f = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = AffineWarp.warp(f, 3, 3, new AffineParams(90, 1, 0, 0, 0));
        // source of (x', y') is x = 1 + (y' − 1), y = 1 − (x' − 1)
        float[] expected = {7, 4, 1, 8, 5, 2, 9, 6, 3};
        assertArrayEquals(expected, out, 1e-4f);
    }

    @Test
    void normalisedParametersSpanMinusOneToOne() {
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1},
                new AffineParams(-30, 0.8, -0.2, -0.1, -0.1).normalised(30, 0.8, 1.2, 0.2, 0.1), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1},
                new AffineParams(30, 1.2, 0.2, 0.1, 0.1).normalised(30, 0.8, 1.2, 0.2, 0.1), 1e-6f);
    }

    @Test
    void keyedDrawsDependOnlyOnTheirKeys() {
        KeyedDraws a = KeyedDraws.of(3, 0, 17);
        KeyedDraws b = KeyedDraws.of(3, 0, 17);
        KeyedDraws other = KeyedDraws.of(3, 1, 17);
        double x = a.uniform();
        assertEquals(x, b.uniform());
        org.junit.jupiter.api.Assertions.assertNotEquals(x, other.uniform());
    }
}
