package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.ssl.transfer.ImagePreparation;
import org.sonograd.ssl.transfer.TaskImages;

class LetterboxTest {
    /** An {@code h×w} picture that is 1 on rows [r0, r1) × columns [c0, c1) and 0 elsewhere. */
    private static float[] rectangle(int h, int w, int r0, int r1, int c0, int c1) {
        float[] out = new float[h * w];
        for (int y = r0; y < r1; y++) {
            for (int x = c0; x < c1; x++) {
                out[y * w + x] = 1;
            }
        }
        return out;
    }

    private static byte[] bytes(float[] x) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (byte) x[i];
        }
        return out;
    }

    @Test
    void aWideRectangleLandsInTheCentredBandAndItsMaskWithIt() {
        // 40×80 into 32²: s = 0.4, content 16×32, 8 rows of padding above and below; 2.5 source pixels per
        // content pixel, so source rows [10, 20) → content rows [4, 8) → square rows [12, 16), columns [20, 60) → [8, 24)
        Letterbox box = Letterbox.of(40, 80, 32);
        assertEquals(new Letterbox(32, 40, 80, 16, 32, 8, 0), box);
        float[] source = rectangle(40, 80, 10, 20, 20, 60);
        float[] expected = rectangle(32, 32, 12, 16, 8, 24);
        assertArrayEquals(expected, box.image(source), 0f);
        assertArrayEquals(bytes(expected), box.labels(bytes(source)));
        // pixel centres map back: square column 8 covers source edges [20, 22.5), centre 21.25, pixel centre 20.75;
        // row 12 (content row 4) covers [10, 12.5) likewise
        assertEquals(20.75, box.originalX(8), 1e-12);
        assertEquals(10.75, box.originalY(12), 1e-12);
    }

    @Test
    void aTallPictureIsPaddedLeftAndRightAndAnEnlargedOneStaysConstantInside() {
        Letterbox tall = Letterbox.of(80, 40, 32);
        assertEquals(new Letterbox(32, 80, 40, 32, 16, 0, 8), tall);
        float[] out = tall.image(rectangle(80, 40, 0, 80, 0, 40));
        assertArrayEquals(rectangle(32, 32, 0, 32, 8, 24), out, 0f);
        // enlarging (bilinear): a 6×12 grey 0.5 picture into 48² keeps 0.5 on the 24×48 content band, 0 elsewhere
        Letterbox up = Letterbox.of(6, 12, 48);
        assertEquals(new Letterbox(48, 6, 12, 24, 48, 12, 0), up);
        float[] grey = new float[6 * 12];
        java.util.Arrays.fill(grey, 0.5f);
        float[] expected = rectangle(48, 48, 12, 36, 0, 48);
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 0.5f;
        }
        assertArrayEquals(expected, up.image(grey), 1e-6f);
    }

    @Test
    void preparedSetsKeepThePlacementOfEverySample() {
        TaskImages set = new ImagePreparation.Builder(32, List.of("a"), List.of("background", "lesion"))
                .add(rectangle(40, 80, 10, 20, 20, 60), 40, 80, bytes(rectangle(40, 80, 10, 20, 20, 60)), 0, 0, "wide")
                .add(rectangle(80, 40, 0, 80, 0, 40), 80, 40, bytes(rectangle(80, 40, 0, 80, 0, 40)), 0, 1, "tall")
                .build();
        assertEquals(List.of(Letterbox.of(40, 80, 32), Letterbox.of(80, 40, 32)), set.placements());
        assertArrayEquals(rectangle(32, 32, 12, 16, 8, 24), set.gatherRaw(new int[] {0}), 0f);
        int[] mask = set.gatherMasks(new int[] {1});
        float[] expected = rectangle(32, 32, 0, 32, 8, 24);
        for (int i = 0; i < mask.length; i++) {
            assertEquals((int) expected[i], mask[i], "pixel " + i);
        }
    }
}
