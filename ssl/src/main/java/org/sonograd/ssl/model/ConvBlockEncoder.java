package org.sonograd.ssl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.tensor.RandomStream;

/**
 * The stack shared by {@link FrameEncoder} (2D) and {@link Cnn3dEncoder} (3D): four {@link ConvBlock}s
 * {@code block1…block4} with widths w, 2w, 4w, 4w and spatial strides 1, 2, 2, 2; features 4w.
 */
abstract class ConvBlockEncoder extends Encoder {
    /** Makes one block of {@code in → out} channels at a spatial stride: {@link ConvBlock#forFrames} or {@link ConvBlock#forClips}. */
    interface BlockFactory {
        ConvBlock create(long in, long out, int stride, int groups, RandomStream random);
    }

    private final ConvBlock[] blocks;
    private final int features;

    /** The four blocks of base width {@code width} and {@code groups} norm groups, initialised from {@code random} in order. */
    ConvBlockEncoder(int width, int groups, BlockFactory factory, RandomStream random) {
        int[] widths = {width, 2 * width, 4 * width, 4 * width};
        int[] strides = {1, 2, 2, 2};
        blocks = new ConvBlock[widths.length];
        long in = 1;
        for (int i = 0; i < widths.length; i++) {
            blocks[i] = addModule("block" + (i + 1), factory.create(in, widths[i], strides[i], groups, random));
            in = widths[i];
        }
        this.features = widths[widths.length - 1];
    }

    /** Feature width, 4w. */
    @Override
    public int features() {
        return features;
    }

    @Override
    public long[] featureMapWidths() {
        return new long[] {features / 4, features / 2, features, features};
    }

    /** The fourth block. */
    @Override
    public Module lastStage() {
        return blocks[blocks.length - 1];
    }

    /** The outputs of the four blocks applied in turn to {@code x}, each passed through {@code perMap}. */
    List<Var> blockOutputs(Var x, UnaryOperator<Var> perMap) {
        List<Var> maps = new ArrayList<>();
        for (ConvBlock b : blocks) {
            x = b.forward(x);
            maps.add(perMap.apply(x));
        }
        return maps;
    }
}
