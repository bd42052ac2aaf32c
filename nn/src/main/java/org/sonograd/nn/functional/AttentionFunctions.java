package org.sonograd.nn.functional;

import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Attention;
import org.sonograd.tensor.Tensor;

/** Attention: the fused scaled dot-product rule and multi-head self-attention built on it. */
public final class AttentionFunctions {
    private AttentionFunctions() {}

    /**
     * O = softmax(Q Kᵀ · scale + M) V over Q, K, V [B, H, T, dh], M = −∞ on the keys that
     * {@code keepKeys} [B, T] drops (null keeps all). Forward through the fused kernel. The backward,
     * with P the attention weights and G the incoming gradient, is
     * ∂V = Pᵀ G, ∂S = P ⊙ (G Vᵀ − rowsum(G Vᵀ ⊙ P)), ∂Q = ∂S K · scale, ∂K = ∂Sᵀ Q · scale:
     * the fused backward kernel (P recomputed per block of queries, never stored whole), or, when the
     * backward is itself recorded (createGraph), the same formulas written with differentiable ops.
     */
    public static Var scaledDotProductAttention(Var q, Var k, Var v, Tensor keepKeys, double scale) {
        Tensor out = Attention.scaledDotProduct(q.value(), k.value(), v.value(), keepKeys, scale);
        return Graph.record("scaledDotProductAttention", out, (g, o) -> {
            if (!GradMode.isEnabled()) {
                Attention.Gradients fused = Attention.scaledDotProductBackward(q.value(), k.value(), v.value(), keepKeys,
                        scale, o.value(), g.value());
                return new Var[] {Var.constant(fused.q()), Var.constant(fused.k()), Var.constant(fused.v())};
            }
            Var scores = q.matmul(k.transpose(-1, -2)).mul(scale);
            if (keepKeys != null) {
                Tensor drop = keepKeys.compare(BinaryOp.EQ, 0).reshape(q.size(0), 1, 1, q.size(2));
                scores = scores.maskedFill(drop, Double.NEGATIVE_INFINITY);
            }
            Var p = scores.softmax(-1);
            Var gradP = g.matmul(v.transpose(-1, -2));
            Var gradS = p.mul(gradP.sub(gradP.mul(p).sum(new int[] {-1}, true)));
            return new Var[] {gradS.matmul(k).mul(scale), gradS.transpose(-1, -2).matmul(q).mul(scale),
                    p.transpose(-1, -2).matmul(g)};
        }, q, k, v);
    }

    /**
     * Multi-head self-attention over x [B, T, D] with PyTorch's nn.MultiheadAttention parameters:
     * [Q K V] = x W_inᵀ + b_in (W_in [3D, D]), per-head attention with scale 1/√(D/H), heads
     * concatenated, then x W_outᵀ + b_out. Keys where {@code keepKeys} [B, T] is false are ignored
     * (PyTorch's key_padding_mask is its negation); their query rows are still computed.
     */
    public static Var multiHeadSelfAttention(Var x, Var inWeight, Var inBias, Var outWeight, Var outBias, int heads,
                                             Tensor keepKeys) {
        long b = x.size(0);
        long t = x.size(1);
        long d = x.size(2);
        if (x.rank() != 3 || d % heads != 0) {
            throw new IllegalArgumentException("multiHeadSelfAttention: input " + Shapes.format(x.shape())
                    + " must be [B, T, D] with D divisible by " + heads + " heads");
        }
        long dh = d / heads;
        Var qkv = LayerFunctions.linear(x, inWeight, inBias).reshape(b, t, 3, heads, dh).permute(2, 0, 3, 1, 4);
        Var attended = scaledDotProductAttention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2), keepKeys,
                1 / Math.sqrt(dh));
        return LayerFunctions.linear(attended.permute(0, 2, 1, 3).reshape(b, t, d), outWeight, outBias);
    }
}
