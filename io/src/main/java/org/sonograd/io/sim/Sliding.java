package org.sonograd.io.sim;

/**
 * Lateral sliding of tissue below a depth (the visceral pleura against the parietal pleura while
 * breathing): {@code x_rest = x − A·sin(2πt/T)·σ((z − z₀)/0.5 mm)}, σ the logistic step.
 */
public record Sliding(double depth, double amplitude, double period) implements Motion {
    @Override
    public void toRest(double t, double[] p) {
        double step = 1 / (1 + Math.exp(-(p[1] - depth) / 0.5));
        p[0] -= amplitude * Math.sin(2 * Math.PI * t / period) * step;
    }
}
