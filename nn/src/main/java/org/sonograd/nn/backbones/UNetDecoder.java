package org.sonograd.nn.backbones;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.ConvTranspose;
import org.sonograd.nn.layers.ModuleList;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;

/**
 * A U-Net style decoder (Ronneberger et al., MICCAI 2015) over an encoder's feature maps, for
 * segmentation and saliency. Given maps f_0 … f_k (shallow to deep, each half the resolution of the
 * previous, f_0 at half the input's), it goes up from f_k: at level i, a 2×2 stride-2 transposed
 * convolution ({@code up.j}) to f_i's width, concatenation with f_i, and a {@link DoubleConv}
 * ({@code blocks.j}); then one more ×2 transposed convolution ({@code final_up}) to the input
 * resolution and a 1×1 convolution ({@code head}) to the output channels.
 */
public final class UNetDecoder extends Module {
    private final ModuleList<ConvTranspose> up;
    private final ModuleList<DoubleConv> blocks;
    private final ConvTranspose finalUp;
    private final Conv head;

    /** A decoder for feature maps of the given widths (shallow to deep) with {@code outputs} output channels. */
    public UNetDecoder(long[] widths, int outputs, RandomStream random) {
        List<ConvTranspose> ups = new ArrayList<>();
        List<DoubleConv> stages = new ArrayList<>();
        for (int i = widths.length - 2; i >= 0; i--) {
            ups.add(new ConvTranspose(widths[i + 1], widths[i], new int[] {2, 2}, ConvOptions.of(2, 2, 0, 1, 1), true, random));
            stages.add(new DoubleConv(2 * widths[i], widths[i], random));
        }
        up = addModule("up", new ModuleList<>(ups));
        blocks = addModule("blocks", new ModuleList<>(stages));
        finalUp = addModule("final_up", new ConvTranspose(widths[0], widths[0], new int[] {2, 2},
                ConvOptions.of(2, 2, 0, 1, 1), true, random));
        head = addModule("head", new Conv(widths[0], outputs, new int[] {1, 1}, ConvOptions.of(2, 1, 0, 1, 1), true, random));
    }

    /** Decoder widths for a {@link ResNet} encoder of the given width (its {@link ResNet#stages}). */
    public static long[] resnetWidths(long width) {
        return new long[] {width, width, 2 * width, 4 * width, 8 * width};
    }

    /** The output map [N, outputs, H, W] from the encoder's feature maps, shallow to deep. */
    public Var decode(List<Var> features) {
        if (features.size() != up.size() + 1) {
            throw new IllegalArgumentException("UNetDecoder: expected " + (up.size() + 1) + " feature maps, got "
                    + features.size());
        }
        Var h = features.getLast();
        for (int j = 0; j < up.size(); j++) {
            Var skip = features.get(features.size() - 2 - j);
            h = blocks.get(j).forward(Var.cat(List.of(up.get(j).forward(h), skip), 1));
        }
        return head.forward(finalUp.forward(h));
    }

    /** Refused: the decoder needs the list of feature maps; see {@link #decode}. */
    @Override
    public Var forward(Var input) {
        throw new UnsupportedOperationException("UNetDecoder needs the encoder's feature maps: call decode(features)");
    }
}
