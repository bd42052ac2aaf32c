package org.sonograd.io.sim;

/** Points within {@code radius} of the segment (x0, z0)–(x1, z1): a rod, bone shaft or septum. */
public final class Capsule implements Region {
    private final double x0;
    private final double z0;
    private final double dx;
    private final double dz;
    private final double lengthSq;
    private final double radiusSq;
    private final double xMin;
    private final double xMax;
    private final double zMin;
    private final double zMax;

    /** A capsule of the given radius around the segment. */
    public Capsule(double x0, double z0, double x1, double z1, double radius) {
        this.x0 = x0;
        this.z0 = z0;
        this.dx = x1 - x0;
        this.dz = z1 - z0;
        this.lengthSq = Math.max(1e-12, dx * dx + dz * dz);
        this.radiusSq = radius * radius;
        xMin = Math.min(x0, x1) - radius;
        xMax = Math.max(x0, x1) + radius;
        zMin = Math.min(z0, z1) - radius;
        zMax = Math.max(z0, z1) + radius;
    }

    @Override
    public boolean contains(double x, double z) {
        if (x < xMin || x > xMax || z < zMin || z > zMax) {
            return false;
        }
        double t = Math.clamp(((x - x0) * dx + (z - z0) * dz) / lengthSq, 0, 1);
        double ex = x - (x0 + t * dx);
        double ez = z - (z0 + t * dz);
        return ex * ex + ez * ez <= radiusSq;
    }
}
