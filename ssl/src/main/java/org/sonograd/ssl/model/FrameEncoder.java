package org.sonograd.ssl.model;

import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.RandomStream;

/**
 * The per-frame 2D CNN shared by every frame of a clip (the siamese backbone of recipe 1): four
 * {@link ConvBlock}s with widths w, 2w, 4w, 4w and strides 1, 2, 2, 2, then global average pooling.
 * Maps frames [N, 1, H, W] to features [N, 4w].
 */
public final class FrameEncoder extends ConvBlockEncoder {
    /** An encoder of base width {@code width} with {@code groups} norm groups, initialised from {@code random}. */
    public FrameEncoder(int width, int groups, RandomStream random) {
        super(width, groups, ConvBlock::forFrames, random);
    }

    /** The outputs of the four blocks: [N, w, H, W], [N, 2w, H/2, W/2], [N, 4w, H/4, W/4], [N, 4w, H/8, W/8]. */
    @Override
    public List<Var> featureMaps(Var frames) {
        if (frames.rank() != 4 || frames.size(1) != 1) {
            throw new IllegalArgumentException("FrameEncoder: frames " + Arrays.toString(frames.shape())
                    + " must be [N, 1, H, W]");
        }
        return blockOutputs(frames, map -> map);
    }

    /** Side of the last feature map of {@code side×side} frames: three stride-2 3×3 convolutions with padding 1, s → ⌈s/2⌉ each. */
    public static long lastMapSide(long side) {
        long map = side;
        for (int i = 0; i < 3; i++) {
            map = (map + 1) / 2;
        }
        return map;
    }

    /** The last feature map [N, 4w, H/8, W/8] of frames [N, 1, H, W] (before pooling). */
    public Var featureMap(Var frames) {
        return featureMaps(frames).getLast();
    }

    @Override
    public Var forward(Var frames) {
        return featureMap(frames).mean(new int[] {2, 3}, false);
    }
}
