package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.NormFunctions;
import org.sonograd.tensor.Tensor;

/**
 * Layer normalisation over the last dim, {@code torch.nn.LayerNorm(dim, eps)}: y = (x − μ)/√(σ² + ε)·γ + β
 * with {@code weight} γ = 1 and {@code bias} β = 0.
 */
public final class LayerNorm extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final double eps;

    /** Layer norm over a last dim of size {@code dim}; ε = 1e-5 in torch, 1e-6 in timm's ViTs. */
    public LayerNorm(long dim, double eps) {
        this.eps = eps;
        weight = addParameter("weight", Tensor.ones(DType.F32, dim));
        bias = addParameter("bias", Tensor.zeros(DType.F32, dim));
    }

    @Override
    public Var forward(Var x) {
        return NormFunctions.layerNorm(x, 1, weight.var(), bias.var(), eps);
    }
}
