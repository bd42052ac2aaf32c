package org.sonograd.ssl.model;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.tensor.RandomStream;

/**
 * The per-frame 2D CNN shared by every frame of a clip (the siamese backbone of recipe 1): four
 * {@link ConvBlock}s with widths w, 2w, 4w, 4w and strides 1, 2, 2, 2, then global average pooling.
 * Maps frames [N, 1, H, W] to features [N, 4w].
 */
public final class FrameEncoder extends Module {
    private final ConvBlock[] blocks;
    private final int features;

    /** An encoder of base width {@code width} with {@code groups} norm groups, initialised from {@code random}. */
    public FrameEncoder(int width, int groups, RandomStream random) {
        int[] widths = {width, 2 * width, 4 * width, 4 * width};
        int[] strides = {1, 2, 2, 2};
        blocks = new ConvBlock[widths.length];
        long in = 1;
        for (int i = 0; i < widths.length; i++) {
            blocks[i] = addModule("block" + (i + 1), new ConvBlock(in, widths[i], strides[i], groups, random));
            in = widths[i];
        }
        this.features = widths[widths.length - 1];
    }

    /** Feature width, 4w. */
    public int features() {
        return features;
    }

    @Override
    public Var forward(Var frames) {
        if (frames.rank() != 4 || frames.size(1) != 1) {
            throw new IllegalArgumentException("FrameEncoder: frames " + java.util.Arrays.toString(frames.shape())
                    + " must be [N, 1, H, W]");
        }
        Var x = frames;
        for (ConvBlock b : blocks) {
            x = b.forward(x);
        }
        return x.mean(new int[] {2, 3}, false);
    }
}
