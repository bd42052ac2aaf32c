package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.AttentionFunctions;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Multi-head self-attention of a vision transformer, with timm's names ({@code qkv}: D → 3D,
 * {@code proj}: D → D): for tokens x [N, L, D] and H heads of size d = D/H,
 * <pre>
 *   q, k, v = split(qkv(x))                 each [N, H, L, d]
 *   y = proj(concat_heads(softmax(q·kᵀ/√d) · v))
 * </pre>
 * computed by {@link AttentionFunctions#multiHeadSelfAttention} (fused softmax(QKᵀ/√d)V kernel).
 * An optional BOOL [N, L] {@code keepKeys} (false = ignore) removes keys from every query's softmax.
 */
public final class MultiheadSelfAttention extends Module {
    private final int heads;
    private final Linear qkv;
    private final Linear proj;

    /** Attention over tokens of size {@code dim} with {@code heads} heads. */
    public MultiheadSelfAttention(long dim, int heads, RandomStream random) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("MultiheadSelfAttention: dim " + dim + " is not divisible by " + heads + " heads");
        }
        this.heads = heads;
        qkv = addModule("qkv", new Linear(dim, 3 * dim, true, random));
        proj = addModule("proj", new Linear(dim, dim, true, random));
    }

    @Override
    public Var forward(Var x) {
        return forward(x, null);
    }

    /** Attention over the keys where {@code keepKeys} [N, L] is true (null: all keys). */
    public Var forward(Var x, Tensor keepKeys) {
        return AttentionFunctions.multiHeadSelfAttention(x, qkv.weight().var(), qkv.bias().var(), proj.weight().var(),
                proj.bias().var(), heads, keepKeys);
    }
}
