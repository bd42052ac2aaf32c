package org.sonograd.ssl.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.backbones.TransformerBlock;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.layers.LayerNorm;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * The token decoder of {@code discovr}'s cluster distillation, MAE-style: the student's kept patch
 * tokens are embedded ({@code embed}), a learned {@code mask_token} stands in for every dropped
 * token, every token is put back at its (t, h, w) raster position and gets a learned position
 * embedding ({@code pos_embed}), then {@code blocks} transformer blocks, a LayerNorm and a linear
 * {@code predict} give one feature vector per token of the full clip.
 */
final class DiscovrDecoder extends Module {
    private final Linear embed;
    private final Parameter maskToken;
    private final Parameter positions;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear predict;
    private final long tokens;
    private final long dim;

    /** A decoder from encoder tokens of width {@code in} to {@code out}-wide predictions for {@code tokens} positions. */
    DiscovrDecoder(long in, long dim, int depth, int heads, long out, long tokens, RandomStream random) {
        this.tokens = tokens;
        this.dim = dim;
        embed = addModule("embed", new Linear(in, dim, true, random));
        maskToken = addParameter("mask_token", Tensor.zeros(DType.F32, 1, 1, dim));
        Init.truncNormal(maskToken.tensor(), random, 0, 0.02, -2, 2);
        positions = addParameter("pos_embed", Tensor.zeros(DType.F32, 1, tokens, dim));
        Init.truncNormal(positions.tensor(), random, 0, 0.02, -2, 2);
        TransformerBlock[] list = new TransformerBlock[depth];
        for (int i = 0; i < depth; i++) {
            list[i] = new TransformerBlock(dim, heads, random);
            blocks.add(list[i]);
        }
        addModule("blocks", new Sequential(list));
        norm = addModule("norm", new LayerNorm(dim, 1e-6));
        predict = addModule("predict", new Linear(dim, out, true, random));
    }

    /** Not used: the decoder needs the kept indices; see {@link #decode}. */
    @Override
    public Var forward(Var input) {
        throw new UnsupportedOperationException("DiscovrDecoder: call decode(tokens, keepIndices)");
    }

    /**
     * Predictions [N, L, out] for every token of the clip from the student's output tokens
     * [N, 1 + K, D] (CLS first, then the kept tokens in the order of {@code keep}, I64 [N, K]).
     */
    Var decode(Var encoded, Tensor keep) {
        long n = encoded.size(0);
        long k = keep.size(1);
        Var kept = embed.forward(encoded.slice(1, 1, 1 + k, 1));
        Var all = Var.cat(List.of(kept, maskToken.var().expand(n, tokens - k, dim)), 1);
        Tensor restore = restoreIndex(keep, tokens);
        Tensor index = restore.reshape(n, tokens, 1).expand(n, tokens, dim).contiguous();
        Var h = all.gather(1, index).add(positions.var());
        for (TransformerBlock block : blocks) {
            h = block.forward(h);
        }
        return predict.forward(norm.forward(h));
    }

    /**
     * For [kept tokens…, mask tokens…] concatenated, the source of each of the L raster positions:
     * position l takes kept token i when keep[i] = l, otherwise mask token K + (its rank among the
     * dropped positions). Gathering with it puts every token back at its (t, h, w) position.
     */
    static Tensor restoreIndex(Tensor keep, long tokens) {
        long[] kept = keep.toLongArray();
        int n = Math.toIntExact(keep.size(0));
        int k = Math.toIntExact(keep.size(1));
        long[] out = new long[Math.toIntExact(n * tokens)];
        for (int b = 0; b < n; b++) {
            long[] source = new long[(int) tokens];
            Arrays.fill(source, -1);
            for (int i = 0; i < k; i++) {
                long l = kept[b * k + i];
                if (l < 0 || l >= tokens || source[(int) l] >= 0) {
                    throw new IllegalArgumentException("DiscovrDecoder: keep index " + l + " of row " + b
                            + " is out of [0, " + tokens + ") or repeated");
                }
                source[(int) l] = i;
            }
            long next = k;
            for (int l = 0; l < tokens; l++) {
                out[(int) (b * tokens + l)] = source[l] >= 0 ? source[l] : next++;
            }
        }
        return Tensor.ofLongs(out, n, tokens);
    }
}
