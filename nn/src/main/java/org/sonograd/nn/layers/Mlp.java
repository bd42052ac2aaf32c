package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.ActivationFunctions;
import org.sonograd.tensor.RandomStream;

/** The transformer MLP, timm's {@code Mlp}: fc2(GELU(fc1(x))) with {@code fc1}: D → hidden and {@code fc2}: hidden → D. */
public final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;

    /** An MLP from {@code dim} through {@code hidden} back to {@code dim}. */
    public Mlp(long dim, long hidden, RandomStream random) {
        fc1 = addModule("fc1", new Linear(dim, hidden, true, random));
        fc2 = addModule("fc2", new Linear(hidden, dim, true, random));
    }

    @Override
    public Var forward(Var x) {
        return fc2.forward(ActivationFunctions.gelu(fc1.forward(x)));
    }
}
