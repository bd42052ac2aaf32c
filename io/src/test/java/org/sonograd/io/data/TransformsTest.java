package org.sonograd.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sonograd.io.sim.KeyedRandom;

class TransformsTest {
    private static Frames ramp(int t, int h, int w) {
        float[] px = new float[t * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 97) / 97f;
        }
        return new Frames(t, h, w, px);
    }

    @Test
    void flipTwiceResizeToSameSizeAndIdentityAffineAreIdentities() {
        Frames f = ramp(2, 7, 9);
        assertArrayEquals(f.px(), Transforms.flipHorizontal(Transforms.flipHorizontal(f)).px());
        assertArrayEquals(f.px(), Transforms.resize(f, 7, 9).px(), 1e-6f);
        assertArrayEquals(f.px(), Transforms.affine(f, 0, 1, 0, 0).px(), 1e-6f);
        assertEquals(f.at(1, 3, 0), Transforms.flipHorizontal(f).at(1, 3, 8));
    }

    @Test
    void quarterTurnMovesPixelsAsByHand() {
        Frames f = ramp(1, 5, 5);
        Frames r = Transforms.affine(f, Math.PI / 2, 1, 0, 0);
        // output (y, x) samples input at x' = c·dx + s·dy + 2, y' = −s·dx + c·dy + 2 with c = 0, s = 1
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                int sx = (y - 2) + 2;
                int sy = -(x - 2) + 2;
                assertEquals(f.at(0, sy, sx), r.at(0, y, x), 1e-5);
            }
        }
    }

    @Test
    void downsamplingByTwoAveragesPixelPairs() {
        Frames f = new Frames(1, 1, 4, new float[] {0, 1, 2, 3});
        assertArrayEquals(new float[] {0.5f, 2.5f}, Transforms.resize(f, 1, 2).px(), 1e-6f);
    }

    @Test
    void tubeMaskMasksTheRequestedFractionInEveryFrame() {
        boolean[] mask = Transforms.tubeMask(16, 16, 4, 0.75, KeyedRandom.of(1));
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        assertEquals(12, n);
        Frames f = Transforms.applyTubeMask(new Frames(2, 16, 16, filled(2 * 256, 1f)), 4, mask);
        for (int t = 0; t < 2; t++) {
            for (int c = 0; c < 16; c++) {
                float v = f.at(t, (c / 4) * 4 + 1, (c % 4) * 4 + 2);
                assertEquals(mask[c] ? 0f : 1f, v);
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void mixupTemporalSamplingAndNormalisation() {
        Frames a = new Frames(1, 1, 2, new float[] {1, 0});
        Frames b = new Frames(1, 1, 2, new float[] {0, 1});
        assertArrayEquals(new float[] {0.3f, 0.7f}, Transforms.mixup(a, b, 0.3).px(), 1e-6f);
        Frames clip = new Frames(5, 1, 1, new float[] {0, 1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 3, 4}, Transforms.temporalSample(clip, 1, 2, 3).px());
        assertArrayEquals(new float[] {-1, 1}, Transforms.normalise(new Frames(1, 1, 2, new float[] {0, 1}), 0.5, 0.5).px());
    }
}
