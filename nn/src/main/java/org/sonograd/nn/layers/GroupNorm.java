package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.functional.NormFunctions;
import org.sonograd.tensor.Tensor;

/**
 * Group normalisation of [N, C, …] with C split into groups, {@code torch.nn.GroupNorm(groups, C)}:
 * statistics per sample and group, γ ({@code weight} = 1) and β ({@code bias} = 0) per channel, ε = 1e-5.
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /** Group norm of {@code channels} channels in {@code groups} groups. */
    public GroupNorm(int groups, long channels) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels do not split into " + groups + " groups");
        }
        this.groups = groups;
        weight = addParameter("weight", Tensor.ones(DType.F32, channels));
        bias = addParameter("bias", Tensor.zeros(DType.F32, channels));
    }

    @Override
    public Var forward(Var x) {
        return NormFunctions.groupNorm(x, groups, weight.var(), bias.var(), 1e-5);
    }
}
