package org.sonograd.nn.functional;

import java.util.List;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.InfoNce;
import org.sonograd.tensor.OneHot;
import org.sonograd.tensor.Tensor;

/**
 * Losses, each returning a scalar. Without per-sample weights a loss is the mean over samples
 * (PyTorch's reduction='mean'); with weights w it is Σ_i w_i ℓ_i, the caller choosing the
 * normalisation (e.g. weights summing to 1, as Meta-USCL does).
 */
public final class LossFunctions {
    private LossFunctions() {}

    // ---------------------------------------------------------------- classification

    /**
     * Cross-entropy with class indices and label smoothing ε (PyTorch's definition):
     * ℓ_i = (1 − ε)(−log p_{i,y_i}) + ε · (−(1/C) Σ_c log p_ic), p = softmax over the class dim.
     *
     * @param logits         [N, C] or [N, C, d1, …] (class dim 1, as PyTorch)
     * @param target         I64 class indices, [N] or [N, d1, …]
     * @param sampleWeights  w with the target's shape, or null for the mean over all targets
     */
    public static Var crossEntropy(Var logits, Tensor target, double labelSmoothing, Var sampleWeights) {
        Var rows = classesLast("crossEntropy", logits, target.shape());
        long c = rows.size(1);
        Var logp = rows.logSoftmax(1);
        // the one-hot rows are built on the CPU (indices are small) and sent to the logits' device
        Var onehot = Var.constant(OneHot.encode(target.to(Device.CPU).reshape(-1), c, logp.dtype())
                .to(logp.value().device()));
        Var nll = logp.mul(onehot).sum(new int[] {1}, false).neg();
        Var perSample = labelSmoothing == 0 ? nll
                : nll.mul(1 - labelSmoothing).sub(logp.sum(new int[] {1}, false).mul(labelSmoothing / c));
        return reduce(perSample, sampleWeights, target.shape());
    }

    /** Cross-entropy with class indices, no smoothing, mean over targets. */
    public static Var crossEntropy(Var logits, Tensor target) {
        return crossEntropy(logits, target, 0, null);
    }

    /**
     * Cross-entropy against soft targets t (probabilities over the class dim), with label smoothing
     * t ← (1 − ε)t + ε/C: ℓ_i = −Σ_c t_ic log p_ic. The target may require a gradient.
     */
    public static Var softCrossEntropy(Var logits, Var target, double labelSmoothing, Var sampleWeights) {
        long[] targetShape = target.shape();
        long[] perSampleShape = Shapes.numel(targetShape) == 0 ? new long[0] : removeDim(targetShape, 1);
        Var rows = classesLast("softCrossEntropy", logits, perSampleShape);
        Var t = classesLast("softCrossEntropy", target, perSampleShape);
        long c = rows.size(1);
        if (labelSmoothing != 0) {
            t = t.mul(1 - labelSmoothing).add(labelSmoothing / c);
        }
        Var perSample = t.mul(rows.logSoftmax(1)).sum(new int[] {1}, false).neg();
        return reduce(perSample, sampleWeights, perSampleShape);
    }

    /**
     * Binary cross-entropy on logits x with targets y ∈ [0, 1] and an optional positive-class weight
     * p (broadcast over the last dim, as PyTorch's pos_weight):
     * ℓ = (1 − y)·x + (1 + (p − 1)y)·softplus(−x), which is −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))].
     */
    public static Var bceWithLogits(Var x, Var y, Tensor posWeight, Var sampleWeights) {
        Var softplusNeg = ActivationFunctions.softplus(x.neg());
        Var weight = posWeight == null ? null : y.mul(Var.constant(posWeight.sub(1))).add(1);
        Var perElement = y.neg().add(1).mul(x).add(weight == null ? softplusNeg : weight.mul(softplusNeg));
        return reduce(perElement, sampleWeights, x.shape());
    }

    // ---------------------------------------------------------------- regression

    /** Mean squared error, mean over elements: mean((x − y)²). */
    public static Var mse(Var x, Var y) {
        Var d = x.sub(y);
        return d.mul(d).mean();
    }

    /**
     * Smooth L1 (Huber with PyTorch's scaling), mean over elements, or Σ w_i ℓ_i with per-element
     * weights: ℓ = ½d²/β where |d| < β, else |d| − ½β (β = 0 gives L1).
     */
    public static Var smoothL1(Var x, Var y, double beta, Var weights) {
        Var d = x.sub(y);
        Var abs = d.abs();
        Var perElement = beta == 0 ? abs
                : Var.where(abs.value().compare(BinaryOp.LT, beta), d.mul(d).mul(0.5 / beta), abs.sub(0.5 * beta));
        return reduce(perElement, weights, x.shape());
    }

    /**
     * KL divergence with PyTorch's argument order and reduction='batchmean':
     * Σ t (log t − input) / N, input being log-probabilities; {@code logTarget} says t is given as log t.
     * Terms with t = 0 count 0.
     */
    public static Var klDiv(Var logInput, Var target, boolean logTarget) {
        Var perElement;
        if (logTarget) {
            perElement = target.exp().mul(target.sub(logInput));
        } else {
            Tensor zero = target.value().compare(BinaryOp.LE, 0);
            Var safeLog = target.maskedFill(zero, 1).log();
            perElement = Var.where(zero, Var.constant(Tensor.scalar(target.dtype(), 0)), target.mul(safeLog.sub(logInput)));
        }
        return perElement.sum().mul(1.0 / logInput.size(0));
    }

    /**
     * Soft Dice loss for segmentation (Milletari et al. 2016), mean over samples and classes:
     * 1 − (2 Σ p·t + s) / (Σ p + Σ t + s), sums over the spatial dims of [N, C, …] probabilities p and targets t.
     */
    public static Var dice(Var probabilities, Var target, double smooth) {
        int[] spatial = java.util.stream.IntStream.range(2, probabilities.rank()).toArray();
        if (spatial.length == 0) {
            throw new IllegalArgumentException("dice: probabilities " + Shapes.format(probabilities.shape())
                    + " need spatial dims after [N, C]");
        }
        Var intersection = probabilities.mul(target).sum(spatial, false);
        Var total = probabilities.sum(spatial, false).add(target.sum(spatial, false));
        return intersection.mul(2).add(smooth).div(total.add(smooth)).neg().add(1).mean();
    }

    // ---------------------------------------------------------------- contrastive

    /**
     * InfoNCE over anchors A [n, d] and candidates B [m, d] (dot-product similarity; normalise the
     * inputs for cosine), through the fused kernel ({@link InfoNce}):
     * L = Σ_i w_i (log Σ_j μ_ij e^{a_i·b_j/τ} − a_i·b_{p(i)}/τ), w_i = 1/n when no weights are given.
     * μ_ij are constant pair weights (0 masks a false negative, 1 − affinity down-weights it); the
     * positive always has weight 1 and, with {@code excludeSelf}, the pair (i, i) weight 0.
     *
     * <p>When the inputs require gradients the forward also produces them (one fused pass of three
     * GEMMs), and the backward only scales them by the incoming gradient. When the backward itself
     * is recorded (createGraph, e.g. Meta-USCL's look-ahead), the gradients are instead built from
     * differentiable ops, ∂L/∂S = w (softmax_μ(S) − onehot), so they can be differentiated again.
     *
     * @param anchorWeights w [n] (may require a gradient: ∂L/∂w_i = ℓ_i), or null
     * @param pairWeights   μ [n, m], constant, or null
     */
    public static Var infoNce(Var anchors, Var candidates, long[] positives, Var anchorWeights, Tensor pairWeights,
                              double temperature, boolean excludeSelf) {
        int n = Math.toIntExact(anchors.size(0));
        Tensor w = anchorWeights != null ? anchorWeights.value() : Tensor.full(anchors.dtype(), 1.0 / n, n);
        boolean fusedBackward = GradMode.isEnabled() && (anchors.requiresGrad() || candidates.requiresGrad());
        InfoNce.Result fused = InfoNce.lossAndGradients(anchors.value(), candidates.value(), positives, pairWeights, w,
                temperature, excludeSelf, fusedBackward);
        Tensor loss = fused.losses().mul(w).sum();
        Var weights = anchorWeights != null ? anchorWeights : Var.constant(w);
        return Graph.record("infoNce", loss, (g, out) -> {
            if (GradMode.isEnabled() || fused.gradAnchors() == null) {
                return infoNceGradientsByComposition(g, anchors, candidates, positives, weights, pairWeights,
                        temperature, excludeSelf);
            }
            return new Var[] {Var.constant(fused.gradAnchors()).mul(g), Var.constant(fused.gradCandidates()).mul(g),
                    Var.constant(fused.losses()).mul(g)};
        }, anchors, candidates, weights);
    }

    /** ∂L/∂A, ∂L/∂B, ∂L/∂w of {@link #infoNce}, written with differentiable ops. */
    private static Var[] infoNceGradientsByComposition(Var g, Var a, Var b, long[] positives, Var w, Tensor pairWeights,
                                                       double tau, boolean excludeSelf) {
        int n = Math.toIntExact(a.size(0));
        int m = Math.toIntExact(b.size(0));
        Var logits = a.matmul(b.transpose(0, 1)).mul(1 / tau);
        double[] logMu = new double[n * m];
        boolean[] excluded = new boolean[n * m];
        double[] mu = pairWeights == null ? null : pairWeights.toDoubleArray();
        double[] onehot = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double weight = j == positives[i] ? 1 : excludeSelf && i == j ? 0 : mu == null ? 1 : mu[i * m + j];
                excluded[i * m + j] = weight <= 0;
                logMu[i * m + j] = weight > 0 ? Math.log(weight) : 0;
            }
            onehot[i * m + (int) positives[i]] = 1;
        }
        Tensor mask = Tensor.ofBooleans(excluded, n, m);
        Var shifted = logits.add(Var.constant(Tensor.of(logMu, n, m).to(a.dtype()))).maskedFill(mask, Double.NEGATIVE_INFINITY);
        Var pi = shifted.softmax(1);
        Var gradLogits = pi.sub(Var.constant(Tensor.of(onehot, n, m).to(a.dtype()))).mul(w.reshape(n, 1)).mul(g.mul(1 / tau));
        Var gradA = gradLogits.matmul(b);
        Var gradB = gradLogits.transpose(0, 1).matmul(a);
        Var positiveLogits = logits.mul(Var.constant(Tensor.of(onehot, n, m).to(a.dtype()))).sum(new int[] {1}, false);
        Var perAnchor = shifted.logSumExp(1, false).sub(positiveLogits);
        return new Var[] {gradA, gradB, perAnchor.mul(g)};
    }

    /**
     * NT-Xent of SimCLR for two views z1, z2 [N, d]: cosine similarities of the 2N embeddings, each
     * anchor's positive is its other view, itself is excluded, temperature τ. Per-pair weights w [N]
     * (or null: the mean over the 2N anchors) weigh both anchors of pair i by w_i/2, so weights that
     * sum to 1 give a weighted mean. {@code pairWeights} [2N, 2N] masks or down-weights negatives.
     */
    public static Var ntXent(Var z1, Var z2, double temperature, Var weights, Tensor pairWeights) {
        int n = Math.toIntExact(z1.size(0));
        Var z = LayerFunctions.normalize(Var.cat(List.of(z1, z2), 0), 1, 1e-12);
        long[] positives = new long[2 * n];
        for (int i = 0; i < n; i++) {
            positives[i] = i + n;
            positives[i + n] = i;
        }
        Var w = weights == null ? null : Var.cat(List.of(weights, weights), 0).mul(0.5);
        return infoNce(z, z, positives, w, pairWeights, temperature, true);
    }

    /**
     * Cross-modal InfoNCE in both directions (video→speech and speech→video), cosine similarity,
     * positives on the diagonal: ½(L(v, s) + L(s, v)). Weights w [N] per positive pair (null: mean);
     * {@code pairWeights} [N, N] (row = video anchor) masks or down-weights false negatives, and is
     * transposed for the other direction.
     */
    public static Var crossModalInfoNce(Var video, Var speech, double temperature, Var weights, Tensor pairWeights) {
        int n = Math.toIntExact(video.size(0));
        Var v = LayerFunctions.normalize(video, 1, 1e-12);
        Var s = LayerFunctions.normalize(speech, 1, 1e-12);
        long[] diagonal = new long[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = i;
        }
        Tensor transposed = pairWeights == null ? null : pairWeights.transpose(0, 1).contiguous();
        return infoNce(v, s, diagonal, weights, pairWeights, temperature, false)
                .add(infoNce(s, v, diagonal, weights, transposed, temperature, false)).mul(0.5);
    }

    // ---------------------------------------------------------------- helpers

    /** [N, C, d…] → [N·d…, C] (class dim last, flattened rows), checking the per-sample shape. */
    private static Var classesLast(String op, Var x, long[] perSampleShape) {
        if (x.rank() < 2 || x.rank() != perSampleShape.length + 1 || x.size(0) != perSampleShape[0]
                || !java.util.Arrays.equals(removeDim(x.shape(), 1), perSampleShape)) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shape()) + " and target "
                    + Shapes.format(perSampleShape) + " must be [N, C, d…] and [N, d…]");
        }
        if (x.rank() == 2) {
            return x;
        }
        int[] order = new int[x.rank()];
        order[0] = 0;
        for (int d = 2; d < x.rank(); d++) {
            order[d - 1] = d;
        }
        order[x.rank() - 1] = 1;
        return x.permute(order).reshape(-1, x.size(1));
    }

    private static long[] removeDim(long[] shape, int dim) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != dim) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** Mean of the per-sample losses, or Σ w_i ℓ_i with w of the per-sample shape. */
    private static Var reduce(Var perSample, Var weights, long[] shape) {
        if (weights == null) {
            return perSample.mean();
        }
        if (Shapes.numel(weights.shape()) != Shapes.numel(shape)) {
            throw new IllegalArgumentException("loss: weights " + Shapes.format(weights.shape())
                    + " do not match the per-sample shape " + Shapes.format(shape));
        }
        return perSample.reshape(-1).mul(weights.reshape(-1)).sum();
    }
}
