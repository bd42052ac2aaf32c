package org.sonograd.io.sim;

/**
 * A horizontal layer between two depths that undulate with x:
 * {@code top(x) = z0 + A·sin(2πx/L + p)}, {@code bottom(x) = top(x) + thickness}. Skin, fat,
 * muscle, the pleura.
 */
public record Layer(double z0, double thickness, double amplitude, double wavelength, double phase) implements Region {
    /** A flat layer. */
    public static Layer flat(double z0, double thickness) {
        return new Layer(z0, thickness, 0, 1, 0);
    }

    @Override
    public boolean contains(double x, double z) {
        double top = z0 + amplitude * Math.sin(2 * Math.PI * x / wavelength + phase);
        return z >= top && z < top + thickness;
    }
}
