package org.sonograd.nn.backbones;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.nn.init.Init;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.Linear;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.nn.layers.WeightNormLinear;
import org.sonograd.tensor.RandomStream;

/**
 * The projection head of DINO (Caron et al., ICCV 2021), as its reference code {@code DINOHead}:
 * a 3-layer MLP ({@code mlp.0}, {@code mlp.2}, {@code mlp.4}, GELU between) to a bottleneck, L2
 * normalisation, and a weight-normalised linear layer {@code last_layer} to K outputs whose scale g
 * is 1 and frozen (norm_last_layer). MLP weights are truncated-normal σ = 0.02, biases 0.
 */
public final class DinoHead extends Module {
    private final Sequential mlp;
    private final WeightNormLinear lastLayer;

    /** A head from {@code in} through {@code hidden} and {@code bottleneck} to {@code outputs}. */
    public DinoHead(long in, long outputs, long hidden, long bottleneck, RandomStream random) {
        mlp = addModule("mlp", new Sequential(new Linear(in, hidden, true, random), Activation.gelu(),
                new Linear(hidden, hidden, true, random), Activation.gelu(), new Linear(hidden, bottleneck, true, random)));
        mlp.apply(m -> {
            if (m instanceof Linear l) {
                Init.truncNormal(l.weight().tensor(), random, 0, 0.02, -2, 2);
                Init.constant(l.bias().tensor(), 0);
            }
        });
        lastLayer = addModule("last_layer", new WeightNormLinear(bottleneck, outputs, random));
        lastLayer.freezeScale();
    }

    /** DINO's sizes: hidden 2048, bottleneck 256. */
    public static DinoHead standard(long in, long outputs, RandomStream random) {
        return new DinoHead(in, outputs, 2048, 256, random);
    }

    @Override
    public Var forward(Var x) {
        return lastLayer.forward(LayerFunctions.normalize(mlp.forward(x), -1, 1e-12));
    }
}
