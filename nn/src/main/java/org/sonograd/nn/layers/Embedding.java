package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.init.Init;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * A lookup table, as {@code torch.nn.Embedding}: {@code weight} [count, dim] initialised N(0, 1);
 * an I64 index tensor of any shape gives its rows, with shape index.shape + [dim].
 */
public final class Embedding extends Module {
    private final Parameter weight;

    /** {@code count} vectors of size {@code dim} in F32. */
    public Embedding(long count, long dim, RandomStream random) {
        weight = addParameter("weight", Tensor.empty(DType.F32, count, dim));
        Init.normal(weight.tensor(), random, 0, 1);
    }

    /** The table [count, dim]. */
    public Parameter weight() {
        return weight;
    }

    /** The rows at {@code indices} (I64, any shape). */
    public Var lookup(Tensor indices) {
        if (indices.dtype() != DType.I64) {
            throw new IllegalArgumentException("Embedding: indices must be I64, got " + indices.dtype());
        }
        return LayerFunctions.embedding(indices, weight.var());
    }

    /** {@link #lookup} of the input's values (which must be an I64 constant). */
    @Override
    public Var forward(Var indices) {
        return lookup(indices.value());
    }
}
