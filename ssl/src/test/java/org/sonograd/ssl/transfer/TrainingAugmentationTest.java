package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.ssl.data.KeyedDraws;

class TrainingAugmentationTest {
    private static final int SIZE = 24;

    @Test
    void aFlipMirrorsImageAndLabelsExactly() {
        float[] image = new float[SIZE * SIZE];
        int[] labels = new int[SIZE * SIZE];
        KeyedDraws d = KeyedDraws.of(3, 9, 0);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) d.uniform();
            labels[i] = d.below(4);
        }
        TrainingAugmentation.Draw flip = new TrainingAugmentation.Draw(SIZE, 0, 0, true, 1, 0);
        float[] im = TrainingAugmentation.image(flip, image, SIZE);
        int[] lb = TrainingAugmentation.labels(flip, labels, SIZE);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                assertEquals(image[y * SIZE + SIZE - 1 - x], im[y * SIZE + x], 1e-6, "image (" + y + ", " + x + ")");
                assertEquals(labels[y * SIZE + SIZE - 1 - x], lb[y * SIZE + x], "labels (" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void aHalfSizeCropMatchesItsClosedForm() {
        // crop 12² at (3, 5) enlarged ×2: labels out(y, x) = in(3 + ⌊y/2⌋, 5 + ⌊x/2⌋); on the linear image
        // I(r, c) = r + 10c bilinear sampling is exact: out = g·(s_y + 10·s_x) + b, s = offset + (i + ½)/2 − ½
        TrainingAugmentation.Draw crop = new TrainingAugmentation.Draw(SIZE / 2, 3, 5, false, 1.1, 0.3);
        float[] image = new float[SIZE * SIZE];
        int[] labels = new int[SIZE * SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                image[r * SIZE + c] = r + 10f * c;
                labels[r * SIZE + c] = r * SIZE + c;
            }
        }
        float[] im = TrainingAugmentation.image(crop, image, SIZE);
        int[] lb = TrainingAugmentation.labels(crop, labels, SIZE);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                assertEquals((3 + y / 2) * SIZE + 5 + x / 2, lb[y * SIZE + x], "labels (" + y + ", " + x + ")");
                double sy = 3 + (y + 0.5) / 2 - 0.5;
                double sx = 5 + (x + 0.5) / 2 - 0.5;
                assertEquals(1.1 * (sy + 10 * sx) + 0.3, im[y * SIZE + x], 1e-3, "image (" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void keyedDrawsMoveImageAndMaskTogether() {
        // an asymmetric rectangle, image 1 inside and 0 outside, mask the same: under every drawn crop and flip
        // (jitter set aside), a mask pixel of 1 reads a source neighbourhood of weight ≥ ¼ inside the rectangle
        // (image ≥ ¼) and a 0 one of weight ≥ ¼ outside (image ≤ ¾); image 1 means mask 1, image 0 mask 0
        float[] image = new float[SIZE * SIZE];
        int[] mask = new int[SIZE * SIZE];
        for (int y = 4; y < 13; y++) {
            for (int x = 2; x < 9; x++) {
                image[y * SIZE + x] = 1;
                mask[y * SIZE + x] = 1;
            }
        }
        int flips = 0;
        int crops = 0;
        for (int step = 0; step < 40; step++) {
            TrainingAugmentation.Draw d = TrainingAugmentation.draw(KeyedDraws.of(5, 6, step), SIZE);
            assertTrue(d.crop() >= SIZE - SIZE / 8 && d.crop() <= SIZE && d.top() + d.crop() <= SIZE && d.left() + d.crop() <= SIZE);
            assertTrue(d.gain() >= 0.8 && d.gain() <= 1.2 && Math.abs(d.bias()) <= 0.2);
            flips += d.flip() ? 1 : 0;
            crops += d.crop() < SIZE ? 1 : 0;
            TrainingAugmentation.Draw geometric = new TrainingAugmentation.Draw(d.crop(), d.top(), d.left(), d.flip(), 1, 0);
            float[] im = TrainingAugmentation.image(geometric, image, SIZE);
            int[] lb = TrainingAugmentation.labels(geometric, mask, SIZE);
            for (int i = 0; i < im.length; i++) {
                String where = "step " + step + " " + d + " pixel " + i + ": image " + im[i] + ", mask " + lb[i];
                assertTrue(lb[i] == 1 ? im[i] >= 0.25f - 1e-6f : im[i] <= 0.75f + 1e-6f, where);
                if (im[i] == 1f || im[i] == 0f) {
                    assertEquals((int) im[i], lb[i], where);
                }
            }
            // the rectangle stays on its side: left of centre unflipped, right of centre flipped
            int column = 0;
            int count = 0;
            for (int i = 0; i < lb.length; i++) {
                column += lb[i] * (i % SIZE);
                count += lb[i];
            }
            assertTrue(d.flip() == (column > count * (SIZE / 2.0)), "step " + step + " flip " + d.flip());
        }
        assertTrue(flips > 10 && flips < 30, "flips " + flips + " of 40");
        assertTrue(crops > 20, "crops " + crops + " of 40");
    }

    @Test
    void aBatchIsThePerSampleTransformOfItsKeyedDraws() {
        ImagePreparation.Builder b = new ImagePreparation.Builder(SIZE, List.of("a"), List.of("background", "lesion"));
        for (int n = 0; n < 3; n++) {
            KeyedDraws d = KeyedDraws.of(n, 9, 1);
            float[] img = new float[SIZE * SIZE];
            byte[] m = new byte[SIZE * SIZE];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) d.uniform();
                m[i] = (byte) (img[i] > 0.5 ? 1 : 0);
            }
            b.add(img, SIZE, SIZE, m, 0, n, "s" + n);
        }
        TaskImages data = b.build();
        int[] idx = {2, 0, 2};
        TrainingAugmentation.Batch batch = TrainingAugmentation.batch(data, idx, KeyedDraws.of(4, 6, 17));
        TrainingAugmentation.Batch again = TrainingAugmentation.batch(data, idx, KeyedDraws.of(4, 6, 17));
        assertArrayEquals(batch.images(), again.images(), 0f);
        assertArrayEquals(batch.masks(), again.masks());
        KeyedDraws d = KeyedDraws.of(4, 6, 17);
        int hw = SIZE * SIZE;
        for (int i = 0; i < idx.length; i++) {
            TrainingAugmentation.Draw t = TrainingAugmentation.draw(d, SIZE);
            assertArrayEquals(TrainingAugmentation.image(t, data.gather(new int[] {idx[i]}), SIZE),
                    java.util.Arrays.copyOfRange(batch.images(), i * hw, (i + 1) * hw), 0f);
            assertArrayEquals(TrainingAugmentation.labels(t, data.gatherMasks(new int[] {idx[i]}), SIZE),
                    java.util.Arrays.copyOfRange(batch.masks(), i * hw, (i + 1) * hw));
        }
        // the same sample twice in a batch gets two different draws
        assertNotEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(batch.images(), 0, hw)),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(batch.images(), 2 * hw, 3 * hw)));
    }
}
