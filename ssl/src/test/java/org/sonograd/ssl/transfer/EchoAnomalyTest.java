package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.model.VitEncoder;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** The echo-anomaly clip embedding gives a video transformer its clips' real windows, not still frames. */
class EchoAnomalyTest {
    @Test
    void aVideoTransformerEmbedsEachClipAsTheMeanClsOfItsWindowsOfConsecutiveFrames() {
        int size = 8;
        int frames = 3;
        int hw = size * size;
        // 2 clips of 3 frames, stored interleaved (clip 1's frames between clip 0's) to check the grouping
        int[] groups = {0, 1, 0, 1, 0, 1};
        float[] images = new float[groups.length * hw];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextGaussian();
        }
        TaskImages data = new TaskImages(size, images, images, new int[] {0, 1, 0, 1, 0, 1}, List.of("normal", "abnormal"),
                null, null, groups, null, null);
        try (MemoryScope scope = MemoryScope.open(); GradMode off = GradMode.off();
             VitEncoder vit = new VitEncoder(VitEncoder.MICRO, size, 4, 1, 2, new RandomStream(5))) {
            float[] emb = EchoAnomaly.clipEmbeddings(vit, data, 2);
            int d = vit.features();
            float[] expected = new float[2 * d];
            float[] stills = new float[2 * d];
            for (int c = 0; c < 2; c++) {
                // window s of clip c: its frames s and s + 1 (frame f of clip c is sample 2f + c)
                for (int s = 0; s < frames - 1; s++) {
                    float[] clip = new float[2 * hw];
                    System.arraycopy(images, (2 * s + c) * hw, clip, 0, hw);
                    System.arraycopy(images, (2 * (s + 1) + c) * hw, clip, hw, hw);
                    float[] cls = vit.clipCls(Var.constant(Tensor.of(clip, 1, 1, 2, size, size)), null).value().toFloatArray();
                    for (int j = 0; j < d; j++) {
                        expected[c * d + j] += cls[j] / (frames - 1);
                    }
                }
                for (int f = 0; f < frames; f++) {
                    float[] still = vit.forward(Var.constant(Tensor.of(Arrays.copyOfRange(images, (2 * f + c) * hw,
                            (2 * f + c + 1) * hw), 1, 1, size, size))).value().toFloatArray();
                    for (int j = 0; j < d; j++) {
                        stills[c * d + j] += still[j] / frames;
                    }
                }
            }
            assertArrayEquals(expected, emb, 1e-5f);
            boolean differs = false;
            for (int j = 0; j < emb.length; j++) {
                differs |= Math.abs(emb[j] - stills[j]) > 1e-4;
            }
            assertTrue(differs, "the mean over still frames is another embedding");
        }
    }
}
