package org.sonograd.ssl.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.optim.AdamW;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.data.KeyedDraws;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.recipe.Losses;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Fine-tuning protocol: the encoder and a new linear head are trained together with AdamW on
 * minibatches of 32 training frames drawn by {@link KeyedDraws}(seed, 3, step), for a fixed number
 * of steps; the model of the last step is evaluated (no selection on the test split).
 */
public final class FineTune {
    private static final int BATCH = 32;

    private FineTune() {}

    /** Fine-tunes {@code encoder} (modified in place) and returns the predicted classes of the test frames. */
    public static int[] fitPredict(Encoder encoder, PlaneFrames data, int steps, double lr, long seed) {
        int[] train = data.train();
        int[] test = data.test();
        int size = data.size();
        try (Linear head = new Linear(encoder.features(), PlaneFrames.CLASSES, true, new RandomStream(seed + 1))) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            encoder.namedParameters().forEach((k, p) -> params.put("encoder." + k, p));
            head.namedParameters().forEach((k, p) -> params.put("head." + k, p));
            try (AdamW opt = new AdamW(ParamGroup.splitDecay(params, 1e-4, ParamGroup::isBiasNormOrToken), lr, 0.9, 0.999, 1e-8)) {
                for (int s = 0; s < steps; s++) {
                    KeyedDraws d = KeyedDraws.of(seed, 3, s);
                    int[] idx = new int[BATCH];
                    for (int i = 0; i < BATCH; i++) {
                        idx[i] = train[d.below(train.length)];
                    }
                    try (MemoryScope step = MemoryScope.open()) {
                        Var x = Var.constant(Tensor.of(data.gather(idx), BATCH, 1, size, size));
                        Losses.crossEntropy(head.forward(encoder.forward(x)), data.labelsOf(idx)).backward();
                        opt.step();
                        opt.zeroGrad();
                    }
                }
            }
            float[] feats = Features.of(encoder, data.gather(test), test.length, size);
            try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
                long[] pred = head.forward(Var.constant(Tensor.of(feats, test.length, encoder.features())))
                        .value().argmax(1, false).toLongArray();
                int[] out = new int[test.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (int) pred[i];
                }
                return out;
            }
        }
    }
}
