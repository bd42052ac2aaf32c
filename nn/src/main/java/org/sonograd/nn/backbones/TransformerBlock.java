package org.sonograd.nn.backbones;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.LayerNorm;
import org.sonograd.nn.layers.Mlp;
import org.sonograd.nn.layers.MultiheadSelfAttention;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A pre-norm transformer block (Dosovitskiy et al., ICLR 2021), timm's {@code Block}:
 * x = x + attn(norm1(x)); x = x + mlp(norm2(x)), with LayerNorm ε = 1e-6 and MLP ratio 4.
 */
public final class TransformerBlock extends Module {
    private final LayerNorm norm1;
    private final MultiheadSelfAttention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    /** A block over tokens of size {@code dim} with {@code heads} heads. */
    public TransformerBlock(long dim, int heads, RandomStream random) {
        norm1 = addModule("norm1", new LayerNorm(dim, 1e-6));
        attn = addModule("attn", new MultiheadSelfAttention(dim, heads, random));
        norm2 = addModule("norm2", new LayerNorm(dim, 1e-6));
        mlp = addModule("mlp", new Mlp(dim, 4 * dim, random));
    }

    @Override
    public Var forward(Var x) {
        return forward(x, null);
    }

    /** The block attending only to the keys where {@code keepKeys} [N, L] is true (null: all). */
    public Var forward(Var x, Tensor keepKeys) {
        Var h = x.add(attn.forward(norm1.forward(x), keepKeys));
        return h.add(mlp.forward(norm2.forward(h)));
    }
}
