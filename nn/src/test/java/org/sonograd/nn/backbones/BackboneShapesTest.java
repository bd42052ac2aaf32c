package org.sonograd.nn.backbones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Shapes, names and invariants of the backbones that have no PyTorch fixture of their own. */
class BackboneShapesTest {
    @Test
    void tubeMaskingKeepsTheSameSpatialPositionsInEveryFrame() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor keep = TubeMasking.keepIndices(new RandomStream(1), 3, 4, 16, 0.75);
            assertArrayEquals(new long[] {3, 16}, keep.shape());
            long[] k = keep.toLongArray();
            Set<List<Long>> perSample = new HashSet<>();
            for (int b = 0; b < 3; b++) {
                long[] row = Arrays.copyOfRange(k, b * 16, b * 16 + 16);
                for (int t = 0; t < 4; t++) {
                    for (int i = 0; i < 4; i++) {
                        assertEquals(row[i] + 16L * t, row[4 * t + i], "same positions in frame " + t);
                        assertTrue(row[i] >= 0 && row[i] < 16);
                        assertTrue(i == 0 || row[i] > row[i - 1], "ascending, distinct");
                    }
                }
                perSample.add(Arrays.stream(row, 0, 4).boxed().toList());
            }
            assertTrue(perSample.size() > 1, "samples get their own masks");
            assertArrayEquals(k, TubeMasking.keepIndices(new RandomStream(1), 3, 4, 16, 0.75).toLongArray());
            Tensor dropped = TubeMasking.droppedMask(keep, 64);
            assertEquals(3 * 48, (long) dropped.to(DType.I64).sum().item());
        }
    }

    @Test
    void sinusoidTableHasItsClosedForm() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor t = VisionTransformer.sinusoidTable(5, 6);
            assertEquals(Math.sin(3.0), t.getDouble(0, 3, 0), 1e-6);
            assertEquals(Math.cos(3.0), t.getDouble(0, 3, 1), 1e-6);
            assertEquals(Math.sin(3.0 / Math.pow(10000, 4.0 / 6)), t.getDouble(0, 3, 4), 1e-6);
            assertEquals(1.0, t.getDouble(0, 0, 5), 0);
        }
    }

    @Test
    void visionTransformerSizesAndMaskedTokenCounts() {
        try (VisionTransformer image = new VisionTransformer(new VisionTransformer.Size(24, 1, 3), 3, new long[] {32, 32},
                new int[] {16, 16}, VisionTransformer.Positions.SINUSOIDAL, new RandomStream(1));
             MemoryScope scope = MemoryScope.open()) {
            assertEquals(4, image.patchTokens());
            assertTrue(image.namedBuffers().containsKey("pos_embed"));
            assertTrue(!image.namedParameters().containsKey("pos_embed"));
            Var x = Var.constant(new RandomStream(2).normal(DType.F32, 0, 1, 2, 3, 32, 32));
            assertArrayEquals(new long[] {2, 5, 24}, image.forward(x).shape());
            Tensor keep = TubeMasking.keepIndices(new RandomStream(3), 2, 1, 4, 0.5);
            assertArrayEquals(new long[] {2, 3, 24}, image.forward(x, keep).shape());
            assertArrayEquals(new long[] {2, 24}, image.cls(x, keep).shape());
        }
        // timm's vit_tiny_patch16_224 has 5,717,416 parameters, of which 193,000 are the 1000-class head.
        assertEquals(5_717_416 - 193_000, vitParameters(192, 12, 196, 16));
        try (VisionTransformer oneBlock = new VisionTransformer(new VisionTransformer.Size(192, 1, 3), 3,
                new long[] {64, 64}, new int[] {16, 16}, VisionTransformer.Positions.LEARNED, new RandomStream(1))) {
            assertEquals(vitParameters(192, 1, 16, 16), oneBlock.parameterCount());
        }
    }

    /** Patch embedding, CLS token, positions, blocks (2 norms, qkv, proj, fc1, fc2: 12D² + 13D) and the final norm. */
    private static long vitParameters(long d, long depth, long tokens, long patch) {
        return d * 3 * patch * patch + d + d + (tokens + 1) * d + depth * (12 * d * d + 13 * d) + 2 * d;
    }

    @Test
    void unetDecoderRestoresTheInputResolution() {
        try (ResNet encoder = ResNet.resnet18(0, 4, new RandomStream(1));
             UNetDecoder decoder = new UNetDecoder(UNetDecoder.resnetWidths(4), 2, new RandomStream(2));
             MemoryScope scope = MemoryScope.open()) {
            Var x = Var.constant(new RandomStream(3).normal(DType.F32, 0, 1, 2, 3, 32, 32));
            Var y = decoder.decode(encoder.stages(x));
            assertArrayEquals(new long[] {2, 2, 32, 32}, y.shape());
            y.sum().backward();
            assertNotNull(encoder.namedParameters().get("conv1.weight").grad(), "gradient reaches the encoder");
            assertTrue(decoder.stateDict().containsKey("up.0.weight") && decoder.stateDict().containsKey("blocks.3.conv2.weight"));
        }
    }

    @Test
    void audioAndSmallVideoNetworksProduceEmbeddings() {
        try (AudioCnn audio = AudioCnn.small(new RandomStream(1));
             VideoResNet video = VideoResNet.small3d(0, new RandomStream(2));
             MemoryScope scope = MemoryScope.open()) {
            Var mel = Var.constant(new RandomStream(3).normal(DType.F32, 0, 1, 2, 1, 32, 16));
            assertArrayEquals(new long[] {2, 128}, audio.forward(mel).shape());
            Var clip = Var.constant(new RandomStream(4).normal(DType.F32, 0, 1, 2, 3, 2, 16, 16));
            assertArrayEquals(new long[] {2, 128}, video.forward(clip).shape());
            assertEquals(128, video.featureDim());
        }
    }
}
