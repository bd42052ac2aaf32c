package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.Conv;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;

/** An encoder with a single coarse feature map (as a ViT's patch grid) gets the simple upsampling decoder. */
class SingleMapSegmentationTest {
    /** A "patch embedding" encoder: one 4×4 stride-4 convolution and a 3×3 convolution, one map at 1/4 resolution. */
    static final class PatchEncoder extends Encoder {
        private final Conv patch;
        private final Conv mix;

        PatchEncoder(RandomStream random) {
            patch = addModule("patch", new Conv(1, 16, new int[] {4, 4}, ConvOptions.of(2, 4, 0, 1, 1), true, random));
            mix = addModule("mix", new Conv(16, 16, new int[] {3, 3}, ConvOptions.of(2, 1, 1, 1, 1), true, random));
        }

        @Override
        public int features() {
            return 16;
        }

        @Override
        public List<Var> featureMaps(Var frames) {
            return List.of(mix.forward(patch.forward(frames).relu()).relu());
        }

        @Override
        public long[] featureMapWidths() {
            return new long[] {16};
        }

        @Override
        public Module lastStage() {
            return mix;
        }

        @Override
        public Var forward(Var frames) {
            return featureMaps(frames).getFirst().mean(new int[] {2, 3}, false);
        }
    }

    @Test
    void singleMapDecoderLearnsCystsAboveTheEmptyMaskBaseline() throws Exception {
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, List.of("transfer.taskSteps=40",
                "transfer.taskBatch=6", "transfer.taskLr=0.01")));
        TaskImages data = SegmentationTransferTest.cysts(6, 24);
        int[] all = java.util.stream.IntStream.range(0, data.count()).toArray();
        int[] truth = data.gatherMasks(all);
        int hw = data.size() * data.size();
        int[] predicted;
        try (PatchEncoder encoder = new PatchEncoder(new RandomStream(1))) {
            predicted = SegmentationTransfer.fitPredict(encoder, data, all, all, cfg.transfer(), 1);
        }
        double dice = 0;
        for (int i = 0; i < data.count(); i++) {
            dice += SegmentationMetrics.dice(java.util.Arrays.copyOfRange(predicted, i * hw, (i + 1) * hw),
                    java.util.Arrays.copyOfRange(truth, i * hw, (i + 1) * hw), 1) / data.count();
        }
        System.out.printf("single-map decoder: training-image lesion Dice %.3f (empty-mask baseline 0)%n", dice);
        assertTrue(dice > 0.5, "lesion Dice " + dice);
    }
}
