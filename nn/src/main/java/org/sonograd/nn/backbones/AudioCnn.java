package org.sonograd.nn.backbones;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.nn.layers.AvgPool;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.ModuleList;

/**
 * A 2-D CNN over log-mel spectrograms N×1×mels×frames, in the style of PANNs' CNN6/10 (Kong et al.,
 * IEEE/ACM TASLP 2020): stages of {@link DoubleConv} each followed by 2×2 average pooling (except the
 * last), then the mean over frequency and time, giving [N, widths[last]]. The speech encoder of the
 * video–speech recipe.
 */
public final class AudioCnn extends Module {
    private final ModuleList<DoubleConv> blocks;
    private final AvgPool pool = new AvgPool(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
    private final long featureDim;

    /** Stages of the given widths, from one input channel; Kaiming-normal (fan-out) convolutions. */
    public AudioCnn(long[] widths, org.sonograd.tensor.RandomStream random) {
        List<DoubleConv> list = new ArrayList<>();
        long in = 1;
        for (long w : widths) {
            list.add(new DoubleConv(in, w, random));
            in = w;
        }
        blocks = addModule("blocks", new ModuleList<>(list));
        featureDim = in;
        apply(m -> {
            if (m instanceof Conv c) {
                Init.kaimingNormal(c.weight().tensor(), random, 0, FanMode.FAN_OUT, Nonlinearity.RELU);
            }
        });
    }

    /** Four stages 16, 32, 64, 128 wide, sized for CPU training. */
    public static AudioCnn small(org.sonograd.tensor.RandomStream random) {
        return new AudioCnn(new long[] {16, 32, 64, 128}, random);
    }

    /** The embedding width. */
    public long featureDim() {
        return featureDim;
    }

    @Override
    public Var forward(Var x) {
        Var h = x;
        for (int i = 0; i < blocks.size(); i++) {
            h = blocks.get(i).forward(h);
            if (i + 1 < blocks.size()) {
                h = pool.forward(h);
            }
        }
        return h.mean(new int[] {2, 3}, false);
    }
}
