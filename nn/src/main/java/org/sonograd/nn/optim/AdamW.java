package org.sonograd.nn.optim;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, ICLR 2019) as {@code torch.optim.AdamW} (1.13): {@link Adam} with the
 * weight decay decoupled from the gradient, θ = θ·(1 − lr·wd) before the Adam update. DINO-style
 * training puts biases, norms, position embeddings and tokens in a group with weight decay 0
 * ({@link ParamGroup#splitDecay} with {@link ParamGroup#isBiasNormOrToken}).
 */
public final class AdamW extends Adam {
    /** AdamW over {@code groups} (each group's weight decay is decoupled). */
    public AdamW(List<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps) {
        super(groups, learningRate, beta1, beta2, eps, true);
    }
}
