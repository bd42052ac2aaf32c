package org.sonograd.nn.backbones;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.nn.layers.AdaptiveAvgPool;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.MaxPool;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;

/**
 * ResNet-18/34 for images (He et al., CVPR 2016) with torchvision's module tree, state-dict names
 * ({@code conv1}, {@code bn1}, {@code layer1.0.conv1}, …, {@code fc}) and initialisation (Kaiming
 * normal, fan-out, for convolutions; γ = 1, β = 0; PyTorch's default for {@code fc}), so a torchvision
 * state dict loads as is. {@code width} scales every stage (64 in torchvision; smaller for CPU runs and
 * fixtures) without changing the names; {@code classes} 0 leaves out {@code fc}, and the network
 * then ends at the pooled features.
 */
public final class ResNet extends Module {
    private final Conv conv1;
    private final BatchNorm bn1;
    private final MaxPool maxpool = new MaxPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1});
    private final List<Sequential> layers = new ArrayList<>();
    private final AdaptiveAvgPool avgpool = new AdaptiveAvgPool(1, 1);
    private final Linear fc;
    private final long featureDim;

    /** A ResNet with {@code blocks[i]} basic blocks in stage i+1, stage widths width·{1, 2, 4, 8}. */
    public ResNet(int[] blocks, long width, int classes, RandomStream random) {
        conv1 = addModule("conv1", Conv.noBias(3, width, new int[] {7, 7}, 2, 3, random));
        bn1 = addModule("bn1", new BatchNorm(width));
        long in = width;
        for (int stage = 0; stage < 4; stage++) {
            long planes = width << stage;
            BasicBlock[] stageBlocks = new BasicBlock[blocks[stage]];
            for (int b = 0; b < stageBlocks.length; b++) {
                stageBlocks[b] = new BasicBlock(in, planes, b == 0 && stage > 0 ? 2 : 1, random);
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
    }

    /** torchvision's resnet18: blocks [2, 2, 2, 2]. */
    public static ResNet resnet18(int classes, long width, RandomStream random) {
        return new ResNet(new int[] {2, 2, 2, 2}, width, classes, random);
    }

    /** torchvision's resnet34: blocks [3, 4, 6, 3]. */
    public static ResNet resnet34(int classes, long width, RandomStream random) {
        return new ResNet(new int[] {3, 4, 6, 3}, width, classes, random);
    }

    /** Channels of the pooled features (8·width). */
    public long featureDim() {
        return featureDim;
    }

    /**
     * The feature maps a U-Net decoder needs, shallow to deep: the stem after ReLU (stride 2, width
     * channels) and the outputs of layer1 … layer4 (strides 4, 8, 16, 32).
     */
    public List<Var> stages(Var x) {
        List<Var> out = new ArrayList<>();
        Var h = bn1.forwardRelu(conv1.forward(x));
        out.add(h);
        h = maxpool.forward(h);
        for (Sequential layer : layers) {
            h = layer.forward(h);
            out.add(h);
        }
        return out;
    }

    /** Globally pooled features [N, 8·width]. */
    public Var features(Var x) {
        return avgpool.forward(stages(x).getLast()).flatten(1, -1);
    }

    /** Logits [N, classes], or the pooled features without {@code fc}. */
    @Override
    public Var forward(Var x) {
        Var f = features(x);
        return fc == null ? f : fc.forward(f);
    }
}
