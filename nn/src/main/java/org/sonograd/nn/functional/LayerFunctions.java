package org.sonograd.nn.functional;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/** Linear, embedding, dropout and L2 normalisation, as compositions of differentiable ops. */
public final class LayerFunctions {
    private LayerFunctions() {}

    /** y = x Wᵀ + b over the last dim of x [..., in], W [out, in], b [out] or null. */
    public static Var linear(Var x, Var weight, Var bias) {
        long in = weight.size(1);
        if (x.size(-1) != in || weight.rank() != 2) {
            throw new IllegalArgumentException("linear: input " + Shapes.format(x.shape()) + " and weight "
                    + Shapes.format(weight.shape()) + " must be [..., in] and [out, in]");
        }
        long[] outShape = x.shape();
        outShape[outShape.length - 1] = weight.size(0);
        Var y = x.reshape(-1, in).matmul(weight.transpose(0, 1));
        if (bias != null) {
            y = y.add(bias);
        }
        return y.reshape(outShape);
    }

    /** Rows of {@code weight} [V, D] picked by the I64 {@code indices} (any shape): [indices…, D]. */
    public static Var embedding(Tensor indices, Var weight) {
        long[] outShape = java.util.Arrays.copyOf(indices.shape(), indices.rank() + 1);
        outShape[indices.rank()] = weight.size(1);
        return weight.indexSelect(0, indices.to(DType.I64).reshape(-1).contiguous()).reshape(outShape);
    }

    /**
     * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
     * 1/(1 − p); the keep mask is drawn from {@code rng} (counter-based Philox, so the mask depends on
     * the stream's seed and position only). Identity in evaluation or for p = 0.
     */
    public static Var dropout(Var x, double p, boolean training, RandomStream rng) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        // the mask is drawn on the CPU (the same bits on every device) and sent to x's device
        Tensor keep = rng.bernoulli(x.dtype(), 1 - p, x.shape()).mul(1 / (1 - p)).to(x.value().device());
        return x.mul(Var.constant(keep));
    }

    /** x / max(‖x‖₂, ε) along dim (PyTorch's F.normalize). */
    public static Var normalize(Var x, int dim, double eps) {
        Var norm = x.mul(x).sum(new int[] {dim}, true).sqrt();
        Tensor tiny = norm.value().compare(BinaryOp.LT, eps);
        return x.div(Var.where(tiny, Var.constant(Tensor.scalar(x.dtype(), eps)), norm));
    }
}
