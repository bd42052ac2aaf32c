package org.sonograd.nn.layers;

import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;

/**
 * Modules applied one after the other, named "0", "1", … as in {@code torch.nn.Sequential}. A
 * {@link BatchNorm} followed by {@link Activation#relu()} runs as one fused op
 * ({@link BatchNorm#forwardRelu}); the module tree and its names stay those of the two layers.
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    /** The chain layers[0] → layers[1] → …. */
    public Sequential(Module... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            addModule(Integer.toString(i), layers[i]);
        }
    }

    /** The layers in order. */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public Var forward(Var input) {
        Var x = input;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof BatchNorm bn && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof Activation a && a.isRelu()) {
                x = bn.forwardRelu(x);
                i++;
            } else {
                x = layers.get(i).forward(x);
            }
        }
        return x;
    }
}
