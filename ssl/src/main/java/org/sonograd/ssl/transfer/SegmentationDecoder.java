package org.sonograd.ssl.transfer;

import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.backbones.UNetDecoder;
import org.sonograd.nn.functional.ResampleFunctions;
import org.sonograd.nn.layers.Conv;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;

/**
 * A segmentation head over an encoder's feature maps, to per-class logits [N, K, S, S]. An encoder
 * with a pyramid (two or more maps, each half the resolution of the one before) gets a
 * {@link UNetDecoder}; one with a single map (a ViT's patch grid) gets a simple upsampling decoder,
 * conv1×1(ReLU(conv3×3(F))). Either output is resized bilinearly to S×S when its size differs
 * (the U-Net ends at twice the finest map's resolution).
 */
public final class SegmentationDecoder extends Module {
    private final UNetDecoder unet;
    private final Conv conv1;
    private final Conv conv2;

    /** A decoder for maps of {@code widths} (finest first) to {@code classes} logits. */
    public SegmentationDecoder(long[] widths, int classes, int hidden, RandomStream random) {
        if (widths.length >= 2) {
            unet = addModule("unet", new UNetDecoder(widths, classes, random));
            conv1 = null;
            conv2 = null;
        } else {
            unet = null;
            conv1 = addModule("conv1", new Conv(widths[0], hidden, new int[] {3, 3}, ConvOptions.of(2, 1, 1, 1, 1), true, random));
            conv2 = addModule("conv2", new Conv(hidden, classes, new int[] {1, 1}, ConvOptions.of(2, 1, 0, 1, 1), true, random));
        }
    }

    /** Logits [N, K, size, size] from the feature maps (finest first). */
    public Var decode(List<Var> maps, int size) {
        Var logits = unet != null ? unet.decode(maps) : conv2.forward(conv1.forward(maps.getLast()).relu());
        if (logits.size(2) == size && logits.size(3) == size) {
            return logits;
        }
        return ResampleFunctions.interpolate(logits, new int[] {size, size}, "bilinear", false);
    }

    /** Refused: a decoder reads a list of maps; see {@link #decode}. */
    @Override
    public Var forward(Var input) {
        throw new UnsupportedOperationException("SegmentationDecoder needs the encoder's feature maps: call decode(maps, size)");
    }
}
