package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsclAugmentationTest {
    private static float[] ramp(int h, int w) {
        float[] f = new float[h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = (i % w) / (float) w;
        }
        return f;
    }

    @Test
    void withoutCropAndJitterAViewIsTheNormalisedFrameOrItsMirror() {
        int h = 6;
        int w = 8;
        float[] frame = ramp(h, w); // every row the same ramp, so only the horizontal resampling matters
        // scale 1 at ratio w/h: the crop box is the whole frame (or, rounded, does not fit: the whole frame too)
        UsclAugmentation whole = new UsclAugmentation(w, 1, w / (double) h, w / (double) h, 0, 0, 0.18, 0.24);
        int flipped = 0;
        for (int step = 0; step < 40; step++) {
            float[] out = whole.apply(frame, h, w, KeyedDraws.of(3, 1, step));
            assertEquals(w * w, out.length);
            boolean mirrored = out[0] > out[w - 1];
            flipped += mirrored ? 1 : 0;
            for (int y = 0; y < w; y++) {
                for (int x = 0; x < w; x++) {
                    double raw = frame[mirrored ? w - 1 - x : x];
                    assertEquals((raw - 0.18) / 0.24, out[y * w + x], 1e-4, "pixel " + y + "," + x + " at step " + step);
                }
            }
        }
        assertTrue(flipped > 5 && flipped < 35, "flips " + flipped + " of 40");
    }

    @Test
    void brightnessScalesAndContrastPullsTowardsTheMean() {
        int n = 5;
        float[] frame = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f,
            0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        UsclAugmentation jitter = new UsclAugmentation(n, 1, 1, 1, 0.64, 0.64, 0, 1);
        for (int step = 0; step < 20; step++) {
            float[] out = jitter.apply(frame, n, n, KeyedDraws.of(5, 1, step));
            // brightness then contrast are affine in x with clipping: within a row, the view is monotone in x
            // (increasing, or decreasing when mirrored) or constant where clipped
            double d1 = out[1] - out[0];
            for (int x = 1; x < n; x++) {
                double d = out[x] - out[x - 1];
                assertTrue(d * d1 >= -1e-6, "row not monotone at step " + step + ": " + java.util.Arrays.toString(out));
            }
            for (float v : out) {
                assertTrue(v >= 0 && v <= 1, "clipped to [0, 1]");
            }
        }
        assertArrayEquals(frame, new UsclAugmentation(n, 1, 1, 1, 0, 0, 0, 1).plain(frame, n, n), 0f);
    }
}
