package org.sonograd.ssl.transfer;

import java.util.List;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.optim.Adam;
import org.sonograd.nn.optim.ParamGroup;
import org.sonograd.ssl.recipe.Losses;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Multinomial logistic regression on frozen features (the linear-probe protocol): features are
 * standardised with the training split's mean and standard deviation, then a linear layer is fit
 * by full-batch Adam on the cross-entropy with L2 weight decay 1e-4 for a fixed number of steps
 * (no early stopping, so the test split is never looked at).
 */
public final class LinearProbe {
    private LinearProbe() {}

    /** Trains on ({@code train}, {@code trainLabels}) and returns the predicted classes of {@code test}. */
    public static int[] fitPredict(float[] train, int[] trainLabels, float[] test, int features, int classes, int steps,
                                   double lr, long seed) {
        return argmax(fitProbabilities(train, trainLabels, test, features, classes, steps, lr, seed), classes);
    }

    /** Trains like {@link #fitPredict} and returns the softmax class probabilities of {@code test} [m·classes]. */
    public static float[] fitProbabilities(float[] train, int[] trainLabels, float[] test, int features, int classes,
                                           int steps, double lr, long seed) {
        int n = trainLabels.length;
        int m = test.length / features;
        float[] mean = new float[features];
        float[] std = new float[features];
        for (int j = 0; j < features; j++) {
            double s = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = train[i * features + j];
                s += v;
                ss += v * v;
            }
            mean[j] = (float) (s / n);
            std[j] = (float) Math.sqrt(Math.max(ss / n - (s / n) * (s / n), 0) + 1e-8);
        }
        try (Linear head = new Linear(features, classes, true, new RandomStream(seed));
             Adam adam = new Adam(List.of(ParamGroup.of(head.namedParameters(), 1e-4)), lr, 0.9, 0.999, 1e-8)) {
            try (MemoryScope scope = MemoryScope.open()) {
                Var x = Var.constant(Tensor.of(standardise(train, mean, std, features), n, features));
                for (int s = 0; s < steps; s++) {
                    try (MemoryScope step = MemoryScope.open()) {
                        Losses.crossEntropy(head.forward(x), trainLabels).backward();
                        adam.step();
                        head.zeroGrad();
                    }
                }
            }
            try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
                Var logits = head.forward(Var.constant(Tensor.of(standardise(test, mean, std, features), m, features)));
                return logits.softmax(1).value().contiguous().toFloatArray();
            }
        }
    }

    /** The arg-max class of each row of {@code probs} [m·classes] (the first on ties). */
    public static int[] argmax(float[] probs, int classes) {
        int[] out = new int[probs.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probs[i * classes + c] > probs[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static float[] standardise(float[] x, float[] mean, float[] std, int features) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int j = i % features;
            out[i] = (x[i] - mean[j]) / std[j];
        }
        return out;
    }
}
