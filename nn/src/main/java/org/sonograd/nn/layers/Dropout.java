package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.LayerFunctions;
import org.sonograd.tensor.RandomStream;

/**
 * Inverted dropout, {@code torch.nn.Dropout(p)}: in training each element is zeroed with probability
 * p and the rest scaled by 1/(1 − p); identity in evaluation. Masks come from the module's own
 * counter-based stream, so they are a function of its seed and of how many elements it has masked.
 */
public final class Dropout extends Module {
    private final double p;
    private final RandomStream random;

    /** Dropout with probability {@code p}, masks drawn from {@code random}. */
    public Dropout(double p, RandomStream random) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.random = random;
    }

    @Override
    public Var forward(Var x) {
        return LayerFunctions.dropout(x, p, isTraining(), random);
    }
}
