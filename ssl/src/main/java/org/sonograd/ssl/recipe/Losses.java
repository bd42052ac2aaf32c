package org.sonograd.ssl.recipe;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.Tensor;

/** The losses of the recipes and transfer tasks, composed from autograd ops. */
public final class Losses {
    private Losses() {}

    /**
     * Mean cross-entropy −(1/B)·Σ_b log softmax(logits_b)[y_b] of logits [B, K] and class indices y,
     * written as −(1/B)·Σ log softmax(logits) ⊙ onehot(y).
     */
    public static Var crossEntropy(Var logits, int[] labels) {
        int k = (int) logits.size(1);
        float[] onehot = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " of row " + i + " is not in [0, " + k + ")");
            }
            onehot[i * k + labels[i]] = 1;
        }
        Var mask = Var.constant(Tensor.of(onehot, labels.length, k));
        return logits.logSoftmax(1).mul(mask).sum().mul(-1.0 / labels.length);
    }

    /**
     * Mean smooth-L1 (Huber with β = 1, as torch's {@code smooth_l1_loss}) of prediction and target:
     * ℓ(d) = ½d² if |d| &lt; 1, else |d| − ½, averaged over every element.
     */
    public static Var smoothL1(Var prediction, Tensor target) {
        Var d = prediction.sub(Var.constant(target)).abs();
        Tensor small = d.value().compare(BinaryOp.LT, 1.0);
        return Var.where(small, d.mul(d).mul(0.5), d.sub(0.5)).mean();
    }

    /** Fraction of rows whose arg-max equals the label (no gradient). */
    public static double accuracy(Tensor logits, int[] labels) {
        long[] pred = logits.argmax(1, false).toLongArray();
        int hit = 0;
        for (int i = 0; i < labels.length; i++) {
            hit += pred[i] == labels[i] ? 1 : 0;
        }
        return (double) hit / labels.length;
    }

    /** A 1-element F32 var holding {@code value}, for logging. */
    static Var scalar(double value) {
        return Var.constant(Tensor.scalar(DType.F32, value));
    }
}
