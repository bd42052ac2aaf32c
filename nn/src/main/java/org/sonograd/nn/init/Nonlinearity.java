package org.sonograd.nn.init;

/** The activation that follows a layer, which fixes the gain of its initialisation (torch.nn.init.calculate_gain). */
public enum Nonlinearity {
    /** Identity, convolution or sigmoid: gain 1. */
    LINEAR,
    /** tanh: gain 5/3. */
    TANH,
    /** ReLU: gain √2. */
    RELU,
    /** Leaky ReLU with negative slope a: gain √(2 / (1 + a²)). */
    LEAKY_RELU;

    /** The gain; {@code negativeSlope} is used by {@link #LEAKY_RELU} only. */
    public double gain(double negativeSlope) {
        return switch (this) {
            case LINEAR -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
        };
    }
}
