package org.sonograd.io.sim;

/** Rigid movement of the whole phantom: rest = current − (dx(t), dz(t)), a sinusoidal drift (fetal movement, breathing). */
public record Translation(double ax, double az, double period, double phase) implements Motion {
    @Override
    public void toRest(double t, double[] p) {
        double s = Math.sin(2 * Math.PI * t / period + phase);
        p[0] -= ax * s;
        p[1] -= az * s;
    }
}
