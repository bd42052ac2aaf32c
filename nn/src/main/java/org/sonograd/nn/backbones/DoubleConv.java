package org.sonograd.nn.backbones;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.tensor.RandomStream;

/**
 * Two 3×3 convolution–batch-norm–ReLU steps, the stage of a U-Net (Ronneberger et al., MICCAI 2015)
 * and of audio CNNs such as PANNs (Kong et al., 2020): relu(bn2(conv2(relu(bn1(conv1(x)))))).
 */
public final class DoubleConv extends Module {
    private final Conv conv1;
    private final BatchNorm bn1;
    private final Conv conv2;
    private final BatchNorm bn2;

    /** From {@code in} to {@code out} channels, same spatial size. */
    public DoubleConv(long in, long out, RandomStream random) {
        conv1 = addModule("conv1", Conv.noBias(in, out, new int[] {3, 3}, 1, 1, random));
        bn1 = addModule("bn1", new BatchNorm(out));
        conv2 = addModule("conv2", Conv.noBias(out, out, new int[] {3, 3}, 1, 1, random));
        bn2 = addModule("bn2", new BatchNorm(out));
    }

    @Override
    public Var forward(Var x) {
        return bn2.forwardRelu(conv2.forward(bn1.forwardRelu(conv1.forward(x))));
    }
}
