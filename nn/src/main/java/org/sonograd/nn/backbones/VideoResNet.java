package org.sonograd.nn.backbones;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.AdaptiveAvgPool;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;

/**
 * 3-D ResNets for clips N×3×T×H×W (Tran et al., "A Closer Look at Spatiotemporal Convolutions",
 * CVPR 2018) with torchvision's module tree and names ({@code stem.0}, {@code layer1.0.conv1.0},
 * {@code layer2.0.downsample.0}, {@code fc}) and initialisation (Kaiming normal fan-out for
 * convolutions, γ = 1, β = 0, fc ~ N(0, 0.01²) with zero bias): R3D-18 ({@link #r3d18}),
 * R(2+1)D-18 ({@link #r2plus1d18}) and a small R3D for CPU runs ({@link #small3d}). {@code width}
 * scales the stages (64 in torchvision); {@code classes} 0 leaves out {@code fc}.
 */
public final class VideoResNet extends Module {
    private final Sequential stem;
    private final List<Sequential> layers = new ArrayList<>();
    private final AdaptiveAvgPool avgpool = new AdaptiveAvgPool(1, 1, 1);
    private final Linear fc;
    private final long featureDim;

    /** A video ResNet with {@code blocks[i]} blocks in stage i+1 built with {@code conv}. */
    public VideoResNet(VideoConv conv, int[] blocks, long width, int classes, RandomStream random) {
        stem = addModule("stem", conv == VideoConv.SIMPLE_3D
                ? new Sequential(VideoConv.conv3d(3, width, new int[] {3, 7, 7}, new int[] {1, 2, 2}, new int[] {1, 3, 3}, random),
                        new BatchNorm(width), Activation.relu())
                : twoPlusOneStem(width, random));
        long in = width;
        for (int stage = 0; stage < 4; stage++) {
            long planes = width << stage;
            VideoBasicBlock[] stageBlocks = new VideoBasicBlock[blocks[stage]];
            for (int b = 0; b < stageBlocks.length; b++) {
                stageBlocks[b] = new VideoBasicBlock(in, planes, b == 0 && stage > 0 ? 2 : 1, conv, random);
                in = planes;
            }
            layers.add(addModule("layer" + (stage + 1), new Sequential(stageBlocks)));
        }
        featureDim = in;
        fc = classes > 0 ? addModule("fc", new Linear(in, classes, true, random)) : null;
        apply(m -> {
            if (m instanceof Conv c) {
                Init.kaimingNormal(c.weight().tensor(), random, 0, FanMode.FAN_OUT, Nonlinearity.RELU);
            }
        });
        if (fc != null) {
            Init.normal(fc.weight().tensor(), random, 0, 0.01);
            Init.constant(fc.bias().tensor(), 0);
        }
    }

    /** torchvision's r3d_18: full 3-D convolutions, blocks [2, 2, 2, 2]. */
    public static VideoResNet r3d18(int classes, long width, RandomStream random) {
        return new VideoResNet(VideoConv.SIMPLE_3D, new int[] {2, 2, 2, 2}, width, classes, random);
    }

    /** torchvision's r2plus1d_18: (2+1)D convolutions, blocks [2, 2, 2, 2]. */
    public static VideoResNet r2plus1d18(int classes, long width, RandomStream random) {
        return new VideoResNet(VideoConv.TWO_PLUS_ONE_D, new int[] {2, 2, 2, 2}, width, classes, random);
    }

    /** A small R3D sized for CPU training: one block per stage, width 16 (stages 16, 32, 64, 128). */
    public static VideoResNet small3d(int classes, RandomStream random) {
        return new VideoResNet(VideoConv.SIMPLE_3D, new int[] {1, 1, 1, 1}, 16, classes, random);
    }

    /** torchvision's R2Plus1dStem: 1×7×7 to 45·width/64 channels, BN, ReLU, 3×1×1 to width, BN, ReLU. */
    private static Sequential twoPlusOneStem(long width, RandomStream random) {
        long mid = 45 * width / 64;
        return new Sequential(
                VideoConv.conv3d(3, mid, new int[] {1, 7, 7}, new int[] {1, 2, 2}, new int[] {0, 3, 3}, random),
                new BatchNorm(mid), Activation.relu(),
                VideoConv.conv3d(mid, width, new int[] {3, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 0, 0}, random),
                new BatchNorm(width), Activation.relu());
    }

    /** Channels of the pooled features (8·width). */
    public long featureDim() {
        return featureDim;
    }

    /** Globally pooled features [N, 8·width]. */
    public Var features(Var x) {
        Var h = stem.forward(x);
        for (Sequential layer : layers) {
            h = layer.forward(h);
        }
        return avgpool.forward(h).flatten(1, -1);
    }

    /** Logits [N, classes], or the pooled features without {@code fc}. */
    @Override
    public Var forward(Var x) {
        Var f = features(x);
        return fc == null ? f : fc.forward(f);
    }
}
