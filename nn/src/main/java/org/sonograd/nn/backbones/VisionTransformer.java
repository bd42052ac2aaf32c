package org.sonograd.nn.backbones;

import java.util.ArrayList;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Buffer;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.layers.LayerNorm;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.PatchEmbedding;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A vision transformer (Dosovitskiy et al., ICLR 2021) for images (p×p patches) or videos (t×p×p
 * tubelets, as ViViT/VideoMAE), with a CLS token and learned or sinusoidal position embeddings,
 * in timm's and DINO's names ({@code patch_embed.proj}, {@code cls_token}, {@code pos_embed},
 * {@code blocks.i.*}, {@code norm}) and DINO's initialisation (truncated normal σ = 0.02, cut at ±2 as timm's, for
 * linear weights, position embedding and CLS token; zero biases; LayerNorm γ = 1, β = 0).
 *
 * <p>Token masking: {@link #forward(Var, Tensor)} takes the indices of the patch tokens to keep
 * (e.g. from {@link TubeMasking}), drops the others after the position embedding is added, and runs
 * the blocks on the CLS token and the kept tokens only, as masked students in DINO-style training do.
 */
public final class VisionTransformer extends Module {
    /** The sizes of the standard models. */
    public record Size(long dim, int depth, int heads) {
        /** ViT-Tiny: 192 wide, 12 blocks, 3 heads. */
        public static final Size TINY = new Size(192, 12, 3);
        /** ViT-Small: 384 wide, 12 blocks, 6 heads. */
        public static final Size SMALL = new Size(384, 12, 6);
        /** ViT-Base: 768 wide, 12 blocks, 12 heads. */
        public static final Size BASE = new Size(768, 12, 12);
    }

    /** How token positions are encoded. */
    public enum Positions {
        /** A trained parameter {@code pos_embed}. */
        LEARNED,
        /** The fixed sinusoid table of Vaswani et al. (as VideoMAE), a buffer {@code pos_embed}. */
        SINUSOIDAL
    }

    private final PatchEmbedding patchEmbed;
    private final Parameter clsToken;
    private final Parameter learnedPositions;
    private final Buffer fixedPositions;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final long tokens;
    private final long dim;

    /**
     * A transformer for inputs of size {@code inputSize} ([H, W] for images, [T, H, W] for videos)
     * cut into patches of {@code patch} ([p, p] or [t, p, p]).
     */
    public VisionTransformer(Size size, long channels, long[] inputSize, int[] patch, Positions positions,
                             RandomStream random) {
        if (inputSize.length != patch.length) {
            throw new IllegalArgumentException("VisionTransformer: input size and patch need the same number of dims");
        }
        dim = size.dim();
        patchEmbed = addModule("patch_embed", new PatchEmbedding(channels, dim, patch, random));
        tokens = patchEmbed.tokens(inputSize);
        clsToken = addParameter("cls_token", Tensor.zeros(DType.F32, 1, 1, dim));
        Init.truncNormal(clsToken.tensor(), random, 0, 0.02, -2, 2);
        if (positions == Positions.LEARNED) {
            learnedPositions = addParameter("pos_embed", Tensor.zeros(DType.F32, 1, tokens + 1, dim));
            Init.truncNormal(learnedPositions.tensor(), random, 0, 0.02, -2, 2);
            fixedPositions = null;
        } else {
            learnedPositions = null;
            fixedPositions = addBuffer("pos_embed", sinusoidTable(tokens + 1, dim));
        }
        TransformerBlock[] list = new TransformerBlock[size.depth()];
        for (int i = 0; i < list.length; i++) {
            list[i] = new TransformerBlock(dim, size.heads(), random);
            blocks.add(list[i]);
        }
        addModule("blocks", new Sequential(list)); // for the names blocks.0 …; forward(x, keep) runs them itself

        norm = addModule("norm", new LayerNorm(dim, 1e-6));
        apply(m -> {
            if (m instanceof Linear l) {
                Init.truncNormal(l.weight().tensor(), random, 0, 0.02, -2, 2);
                if (l.bias() != null) {
                    Init.constant(l.bias().tensor(), 0);
                }
            }
        });
    }

    /** The token width D. */
    public long dim() {
        return dim;
    }

    /** The number of patch tokens of a full input (without the CLS token). */
    public long patchTokens() {
        return tokens;
    }

    /** All output tokens [N, 1 + L, D] of the full input, CLS first, after the final norm. */
    @Override
    public Var forward(Var x) {
        return forward(x, null);
    }

    /**
     * Output tokens [N, 1 + K, D] when only the K patch tokens at {@code keepIndices} (I64 [N, K], or
     * null for all) are kept; the CLS token is always kept.
     */
    public Var forward(Var x, Tensor keepIndices) {
        Var positions = learnedPositions != null ? learnedPositions.var() : Var.constant(fixedPositions.tensor());
        Var patches = patchEmbed.forward(x).add(positions.slice(1, 1, tokens + 1, 1));
        long n = patches.size(0);
        if (keepIndices != null) {
            if (keepIndices.rank() != 2 || keepIndices.size(0) != n) {
                throw new IllegalArgumentException("VisionTransformer: keep indices must be [" + n + ", K]");
            }
            Tensor index = keepIndices.reshape(n, keepIndices.size(1), 1).expand(n, keepIndices.size(1), dim).contiguous();
            patches = patches.gather(1, index);
        }
        Var cls = clsToken.var().add(positions.slice(1, 0, 1, 1)).expand(n, 1, dim);
        Var h = Var.cat(List.of(cls, patches), 1);
        for (TransformerBlock block : blocks) {
            h = block.forward(h);
        }
        return norm.forward(h);
    }

    /** The CLS output [N, D] (the image or clip embedding). */
    public Var cls(Var x, Tensor keepIndices) {
        return forward(x, keepIndices).select(1, 0);
    }

    /**
     * The sinusoid table [1, n, d] of Vaswani et al. (2017) as VideoMAE builds it: angle
     * pos / 10000^(2⌊j/2⌋/d), sine in even and cosine in odd channels; position 0 is the CLS token's.
     */
    static Tensor sinusoidTable(long n, long d) {
        float[] table = new float[Math.toIntExact(n * d)];
        for (int pos = 0; pos < n; pos++) {
            for (int j = 0; j < d; j++) {
                double angle = pos / Math.pow(10000, 2.0 * (j / 2) / d);
                table[(int) (pos * d + j)] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Tensor.of(table, 1, n, d);
    }
}
