package org.sonograd.io.sim;

/** An elliptical annulus: inside the ellipse (a, b) but outside the ellipse (a − t, b − t). */
public final class Ring implements Region {
    private final Blob outer;
    private final Blob inner;

    /** A ring of thickness {@code thickness} mm centred at (cx, cz), rotated by {@code angle}. */
    public Ring(double cx, double cz, double a, double b, double angle, double thickness) {
        this.outer = Blob.ellipse(cx, cz, a, b, angle);
        this.inner = Blob.ellipse(cx, cz, a - thickness, b - thickness, angle);
    }

    @Override
    public boolean contains(double x, double z) {
        return outer.contains(x, z) && !inner.contains(x, z);
    }
}
