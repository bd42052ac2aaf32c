package org.sonograd.ssl.model;

import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.backbones.ResNet;
import org.sonograd.tensor.RandomStream;

/**
 * ResNet-18 ({@link ResNet#resnet18}, torchvision's module tree under {@code resnet.}) as a
 * per-frame encoder, the backbone of (Meta-)USCL. Grey frames [N, 1, H, W] are repeated to three
 * channels, as a grey image converted to RGB would be, so the stem keeps torchvision's shape and a
 * torchvision state dict still loads. Stage widths w, 2w, 4w, 8w (w = 64 in the paper); pooled
 * features [N, 8w].
 */
public final class ResNetEncoder extends Encoder {
    private final ResNet resnet;

    /** A ResNet-18 of base width {@code width}, initialised from {@code random}. */
    public ResNetEncoder(int width, RandomStream random) {
        this.resnet = addModule("resnet", ResNet.resnet18(0, width, random));
    }

    @Override
    public int features() {
        return Math.toIntExact(resnet.featureDim());
    }

    /** The outputs of layer1 … layer4: [N, w, H/4, W/4], [N, 2w, H/8, W/8], [N, 4w, H/16, W/16], [N, 8w, H/32, W/32]. */
    @Override
    public List<Var> featureMaps(Var frames) {
        List<Var> stages = resnet.stages(rgb(frames));
        return stages.subList(1, stages.size());
    }

    @Override
    public long[] featureMapWidths() {
        long w = resnet.featureDim() / 8;
        return new long[] {w, 2 * w, 4 * w, 8 * w};
    }

    /** layer4. */
    @Override
    public Module lastStage() {
        return resnet.children().get("layer4");
    }

    @Override
    public Var forward(Var frames) {
        return resnet.features(rgb(frames));
    }

    /** [N, 1, H, W] → [N, 3, H, W], the grey channel three times. */
    private static Var rgb(Var frames) {
        if (frames.rank() != 4 || frames.size(1) != 1) {
            throw new IllegalArgumentException("ResNetEncoder: frames " + Arrays.toString(frames.shape())
                    + " must be [N, 1, H, W]");
        }
        return Var.cat(List.of(frames, frames, frames), 1);
    }
}
