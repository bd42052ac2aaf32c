package org.sonograd.ssl.model;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.layers.Linear;
import org.sonograd.tensor.RandomStream;

/** A two-layer perceptron head: y = W₂·ReLU(W₁·x + b₁) + b₂. */
public final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;

    /** in → hidden → out. */
    public Mlp(long in, long hidden, long out, RandomStream random) {
        this.fc1 = addModule("fc1", new Linear(in, hidden, true, random));
        this.fc2 = addModule("fc2", new Linear(hidden, out, true, random));
    }

    @Override
    public Var forward(Var x) {
        return fc2.forward(fc1.forward(x).relu());
    }
}
