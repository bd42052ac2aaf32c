package org.sonograd.ssl.transfer;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.ConvFunctions;
import org.sonograd.nn.functional.ResampleFunctions;
import org.sonograd.nn.init.FanMode;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.init.Nonlinearity;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A small saliency decoder on an encoder's last feature map F [N, C, h, w]:
 * logits = upsample_bilinear(conv1×1(ReLU(conv3×3(F) + b₁)) + b₂) + prior, to the frame size, and
 * the predicted map is the softmax of the logits over all pixels (a distribution, like the target).
 * The learned {@code prior} logit map (zeros at first) can capture the centre bias of gaze on its
 * own, so what the features add is measured against a decoder that already has it.
 */
public final class SaliencyDecoder extends Module {
    private final Parameter w1;
    private final Parameter b1;
    private final Parameter w2;
    private final Parameter b2;
    private final Parameter prior;
    private final int outSize;

    /** A decoder from {@code channels} feature channels through {@code hidden} to one map of {@code outSize}². */
    public SaliencyDecoder(long channels, long hidden, int outSize, RandomStream random) {
        this.w1 = addParameter("conv1_weight", Tensor.empty(DType.F32, hidden, channels, 3, 3));
        this.b1 = addParameter("conv1_bias", Tensor.zeros(DType.F32, hidden));
        this.w2 = addParameter("conv2_weight", Tensor.empty(DType.F32, 1, hidden, 1, 1));
        this.b2 = addParameter("conv2_bias", Tensor.zeros(DType.F32, 1));
        this.prior = addParameter("prior", Tensor.zeros(DType.F32, (long) outSize * outSize));
        Init.kaimingUniform(w1.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        Init.kaimingUniform(w2.tensor(), random, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
        this.outSize = outSize;
    }

    /** Log-probabilities [N, outSize²] of the fixation density. */
    @Override
    public Var forward(Var features) {
        Var h = ConvFunctions.conv2d(features, w1.var(), b1.var(), ConvOptions.of(2, 1, 1, 1, 1)).relu();
        Var logits = ConvFunctions.conv2d(h, w2.var(), b2.var(), ConvOptions.of(2, 1, 0, 1, 1));
        Var up = ResampleFunctions.interpolate(logits, new int[] {outSize, outSize}, "bilinear", false);
        return up.reshape(features.size(0), (long) outSize * outSize).add(prior.var()).logSoftmax(1);
    }
}
