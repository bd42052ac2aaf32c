package org.sonograd.io.sim;

/**
 * Places anatomy drawn in local millimetres into a phantom: scale by {@code scale}, rotate by
 * {@code angle} and translate to (cx, cz). World = (cx, cz) + R(angle)·scale·local.
 */
public record Placement(double cx, double cz, double angle, double scale) {
    /** World x of local point (lx, lz). */
    public double x(double lx, double lz) {
        return cx + scale * (Math.cos(angle) * lx - Math.sin(angle) * lz);
    }

    /** World z of local point (lx, lz). */
    public double z(double lx, double lz) {
        return cz + scale * (Math.sin(angle) * lx + Math.cos(angle) * lz);
    }

    /** An ellipse with local centre, semi-axes and rotation. */
    public Blob ellipse(double lx, double lz, double a, double b, double localAngle) {
        return Blob.ellipse(x(lx, lz), z(lx, lz), a * scale, b * scale, angle + localAngle);
    }

    /** A circle with local centre and radius. */
    public Blob circle(double lx, double lz, double r) {
        return Blob.circle(x(lx, lz), z(lx, lz), r * scale);
    }

    /** A ring with local centre, semi-axes, rotation and thickness. */
    public Ring ring(double lx, double lz, double a, double b, double localAngle, double thickness) {
        return new Ring(x(lx, lz), z(lx, lz), a * scale, b * scale, angle + localAngle, thickness * scale);
    }

    /** A capsule between two local points. */
    public Capsule capsule(double lx0, double lz0, double lx1, double lz1, double radius) {
        return new Capsule(x(lx0, lz0), z(lx0, lz0), x(lx1, lz1), z(lx1, lz1), radius * scale);
    }

    /** A landmark at a local point. */
    public Landmark landmark(String name, double lx, double lz) {
        return new Landmark(name, x(lx, lz), z(lx, lz));
    }
}
