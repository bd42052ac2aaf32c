package org.sonograd.ssl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.backbones.ResNet;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

class ResNetEncoderTest {
    @Test
    void greyFramesGoThroughTheResNetAsThreeEqualChannels() {
        try (ResNetEncoder encoder = new ResNetEncoder(2, new RandomStream(1)); ResNet reference = ResNet.resnet18(0, 2, new RandomStream(1));
             MemoryScope scope = MemoryScope.open()) {
            Tensor grey = new RandomStream(2).normal(DType.F32, 0, 1, 2, 1, 32, 32);
            Tensor rgb = Tensor.of(repeat(grey.toFloatArray(), 3, 32 * 32), 2, 3, 32, 32);
            Var f = encoder.forward(Var.constant(grey));
            assertEquals(16, encoder.features());
            assertArrayEquals(new long[] {2, 16}, f.shape());
            assertArrayEquals(reference.features(Var.constant(rgb)).value().toFloatArray(), f.value().toFloatArray(), 1e-5f);
            List<Var> maps = encoder.featureMaps(Var.constant(grey));
            long[] widths = encoder.featureMapWidths();
            int[] sides = {8, 4, 2, 1};
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(new long[] {2, widths[k], sides[k], sides[k]}, maps.get(k).shape(), "map " + k);
            }
            assertSame(encoder.namedModules().get("resnet.layer4"), encoder.lastStage());
        }
    }

    /** Each image's plane repeated {@code times} times: [N, 1, HW] → [N, times, HW]. */
    private static float[] repeat(float[] grey, int times, int plane) {
        int n = grey.length / plane;
        float[] out = new float[n * times * plane];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < times; c++) {
                System.arraycopy(grey, i * plane, out, (i * times + c) * plane, plane);
            }
        }
        return out;
    }
}
