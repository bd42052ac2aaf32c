package org.sonograd.nn.layers;

import java.util.function.UnaryOperator;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.ActivationFunctions;

/**
 * A parameter-free elementwise function as a module, so that it can hold its index in a
 * {@link Sequential} (torch's {@code Sequential(Linear, ReLU, Linear)} names its layers 0 and 2).
 */
public final class Activation extends Module {
    private static final UnaryOperator<Var> RELU = Var::relu;

    private final String name;
    private final UnaryOperator<Var> function;

    /** The activation {@code function}, called {@code name} in messages. */
    public Activation(String name, UnaryOperator<Var> function) {
        this.name = name;
        this.function = function;
    }

    /** max(x, 0). */
    public static Activation relu() {
        return new Activation("relu", RELU);
    }

    /** GELU, exact (x·Φ(x)), PyTorch's default. */
    public static Activation gelu() {
        return new Activation("gelu", ActivationFunctions::gelu);
    }

    /** tanh x. */
    public static Activation tanh() {
        return new Activation("tanh", Var::tanh);
    }

    /** The activation's name. */
    public String name() {
        return name;
    }

    /** Whether this is {@link #relu()} (which a {@link Sequential} fuses into a batch norm before it). */
    public boolean isRelu() {
        return function == RELU;
    }

    @Override
    public Var forward(Var input) {
        return function.apply(input);
    }
}
