package org.sonograd.ssl.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.RandomStream;

/**
 * A small 3D CNN over short sub-clips (the 3D variant of recipe 1; arch {@code cnn3d}): four
 * {@link ConvBlock#forClips} blocks with widths w, 2w, 4w, 4w and spatial strides 1, 2, 2, 2 (time is never
 * strided), then the mean over time and space. Sub-clips [N, 1, T, H, W] → features [N, 4w].
 * As an {@link Encoder} of frames, a frame [N, 1, H, W] is a still sub-clip: repeated over
 * {@link #FRAMES} frames, and each feature map averaged over time.
 */
public final class Cnn3dEncoder extends ConvBlockEncoder {
    /** Frames of a sub-clip (ours): the length the encoder is trained on and the length of a still frame. */
    public static final int FRAMES = 3;

    /** An encoder of base width {@code width} with {@code groups} norm groups, initialised from {@code random}. */
    public Cnn3dEncoder(int width, int groups, RandomStream random) {
        super(width, groups, ConvBlock::forClips, random);
    }

    /** The outputs of the four blocks for sub-clips [N, 1, T, H, W], each averaged over time: [N, C_k, H/s_k, W/s_k]. */
    public List<Var> clipFeatureMaps(Var clips) {
        if (clips.rank() != 5 || clips.size(1) != 1) {
            throw new IllegalArgumentException("Cnn3dEncoder: sub-clips " + Arrays.toString(clips.shape())
                    + " must be [N, 1, T, H, W]");
        }
        return blockOutputs(clips, map -> map.mean(new int[] {2}, false));
    }

    /** The last feature map [N, 4w, H/8, W/8] of sub-clips [N, 1, T, H, W], averaged over time. */
    public Var clipFeatureMap(Var clips) {
        return clipFeatureMaps(clips).getLast();
    }

    /** The feature maps of frames [N, 1, H, W], each a still sub-clip of {@link #FRAMES} frames. */
    @Override
    public List<Var> featureMaps(Var frames) {
        if (frames.rank() != 4 || frames.size(1) != 1) {
            throw new IllegalArgumentException("Cnn3dEncoder: frames " + Arrays.toString(frames.shape())
                    + " must be [N, 1, H, W]");
        }
        Var still = frames.unsqueeze(2);
        return clipFeatureMaps(Var.cat(Collections.nCopies(FRAMES, still), 2));
    }

    @Override
    public Var forward(Var frames) {
        return featureMaps(frames).getLast().mean(new int[] {2, 3}, false);
    }
}
