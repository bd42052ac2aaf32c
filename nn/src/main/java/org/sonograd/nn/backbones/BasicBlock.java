package org.sonograd.nn.backbones;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;

/**
 * The residual block of ResNet-18/34 (He et al., CVPR 2016), as torchvision's {@code BasicBlock}:
 * out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), 3×3 convolutions, the first with the
 * block's stride; the shortcut is {@code downsample} (1×1 convolution + batch norm) when the stride
 * or the width changes, else the identity.
 */
public final class BasicBlock extends Module {
    private final Conv conv1;
    private final BatchNorm bn1;
    private final Conv conv2;
    private final BatchNorm bn2;
    private final Sequential downsample;

    /** A block from {@code in} to {@code planes} channels with stride {@code stride}. */
    public BasicBlock(long in, long planes, int stride, RandomStream random) {
        conv1 = addModule("conv1", Conv.noBias(in, planes, new int[] {3, 3}, stride, 1, random));
        bn1 = addModule("bn1", new BatchNorm(planes));
        conv2 = addModule("conv2", Conv.noBias(planes, planes, new int[] {3, 3}, 1, 1, random));
        bn2 = addModule("bn2", new BatchNorm(planes));
        downsample = stride != 1 || in != planes
                ? addModule("downsample", new Sequential(Conv.noBias(in, planes, new int[] {1, 1}, stride, 0, random),
                        new BatchNorm(planes)))
                : null;
    }

    @Override
    public Var forward(Var x) {
        Var out = bn1.forwardRelu(conv1.forward(x));
        out = bn2.forward(conv2.forward(out));
        Var shortcut = downsample == null ? x : downsample.forward(x);
        return out.add(shortcut).relu();
    }
}
