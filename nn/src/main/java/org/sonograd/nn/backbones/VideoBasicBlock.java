package org.sonograd.nn.backbones;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;

/**
 * The residual block of torchvision's video ResNets (Tran et al., CVPR 2018):
 * out = relu(conv2(conv1(x)) + shortcut(x)) with {@code conv1} = Sequential(conv, BN, ReLU) and
 * {@code conv2} = Sequential(conv, BN), the convolutions built by the network's
 * {@link VideoConv} (full 3×3×3 for R3D, (2+1)D factorised for R(2+1)D).
 */
public final class VideoBasicBlock extends Module {
    private final Sequential conv1;
    private final Sequential conv2;
    private final Sequential downsample;

    /** A block from {@code in} to {@code planes} channels with stride {@code stride} in every dim. */
    public VideoBasicBlock(long in, long planes, int stride, VideoConv conv, RandomStream random) {
        long mid = (in * planes * 27) / (in * 9 + 3 * planes); // torchvision's midplanes, used by (2+1)D
        conv1 = addModule("conv1", new Sequential(conv.build(in, planes, mid, stride, random), new BatchNorm(planes),
                Activation.relu()));
        conv2 = addModule("conv2", new Sequential(conv.build(planes, planes, mid, 1, random), new BatchNorm(planes)));
        downsample = stride != 1 || in != planes
                ? addModule("downsample", new Sequential(VideoConv.conv3d(in, planes, new int[] {1, 1, 1},
                        new int[] {stride, stride, stride}, new int[] {0, 0, 0}, random), new BatchNorm(planes)))
                : null;
    }

    @Override
    public Var forward(Var x) {
        Var out = conv2.forward(conv1.forward(x));
        Var shortcut = downsample == null ? x : downsample.forward(x);
        return out.add(shortcut).relu();
    }
}
