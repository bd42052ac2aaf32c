package org.sonograd.ssl.model;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.Tensor;

/**
 * Group normalisation (Wu &amp; He, ECCV 2018) of x [N, C, H, W] with G groups, composed from autograd ops:
 * <pre>
 *   μ, σ² = mean and biased variance of x over (C/G, H, W) within each sample and group
 *   y = (x − μ) / √(σ² + ε) · γ_c + β_c        (ε = 1e-5)
 * </pre>
 * Unlike batch norm it has no running statistics, so training and evaluation compute the same
 * function and a step never depends on the other samples of the batch.
 */
public final class GroupNorm extends Module {
    private static final double EPS = 1e-5;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /** γ = 1, β = 0 over {@code channels} channels in {@code groups} groups. */
    public GroupNorm(int groups, long channels) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels do not split into " + groups + " groups");
        }
        this.groups = groups;
        this.weight = addParameter("weight", Tensor.ones(DType.F32, channels));
        this.bias = addParameter("bias", Tensor.zeros(DType.F32, channels));
    }

    @Override
    public Var forward(Var x) {
        long[] s = x.shape();
        if (s.length != 4 || s[1] != weight.shape()[0]) {
            throw new IllegalArgumentException("GroupNorm: input " + java.util.Arrays.toString(s) + " must be [N, "
                    + weight.shape()[0] + ", H, W]");
        }
        Var g = x.reshape(s[0], groups, -1);
        Var centred = g.sub(g.mean(new int[] {2}, true));
        Var variance = centred.mul(centred).mean(new int[] {2}, true);
        Var normed = centred.div(variance.add(EPS).sqrt()).reshape(s);
        return normed.mul(weight.var().reshape(1, s[1], 1, 1)).add(bias.var().reshape(1, s[1], 1, 1));
    }
}
