package org.sonograd.io.sim;

/**
 * Transducer geometry in its own frame: the face centre at the origin, x lateral, z into the body.
 * A beam sample is addressed by (range r in mm, line u in [-1, 1]).
 *
 * <ul>
 *   <li>{@code LINEAR}: parallel lines, x = u·width/2, z = r (a rectangular image);</li>
 *   <li>{@code CONVEX}: lines fan out from a virtual apex {@code apexRadius} above the face,
 *       angle θ = u·halfAngle, point = (R+r)·(sin θ, cos θ) − (0, R);</li>
 *   <li>{@code PHASED}: as convex with R = 0 (a sector from a point).</li>
 * </ul>
 *
 * @param type        geometry
 * @param depthMm     imaging depth
 * @param widthMm     aperture width (linear only)
 * @param halfAngle   half the sector opening in radians (convex, phased)
 * @param apexRadius  radius of the convex face in mm (convex only)
 * @param focusMm     transmit focus depth (where the lateral PSF is narrowest)
 * @param f0MHz       centre frequency (sets attenuation)
 */
public record Probe(Type type, double depthMm, double widthMm, double halfAngle, double apexRadius,
                    double focusMm, double f0MHz) {

    /** Probe families. */
    public enum Type { LINEAR, CONVEX, PHASED }

    /** A linear array. */
    public static Probe linear(double depthMm, double widthMm, double f0MHz) {
        return new Probe(Type.LINEAR, depthMm, widthMm, 0, 0, depthMm * 0.45, f0MHz);
    }

    /** A curved array. */
    public static Probe convex(double depthMm, double halfAngle, double apexRadius, double f0MHz) {
        return new Probe(Type.CONVEX, depthMm, 0, halfAngle, apexRadius, depthMm * 0.5, f0MHz);
    }

    /** A phased (sector) array. */
    public static Probe phased(double depthMm, double halfAngle, double f0MHz) {
        return new Probe(Type.PHASED, depthMm, 0, halfAngle, 0, depthMm * 0.55, f0MHz);
    }

    /** Writes the probe-frame point (x, z) of beam sample (r, u) into {@code out}. */
    public void point(double r, double u, double[] out) {
        if (type == Type.LINEAR) {
            out[0] = u * widthMm / 2;
            out[1] = r;
        } else {
            double theta = u * halfAngle;
            double rr = apexRadius + r;
            out[0] = rr * Math.sin(theta);
            out[1] = rr * Math.cos(theta) - apexRadius;
        }
    }

    /**
     * Inverse of {@link #point}: writes (r, u) of the probe-frame point (x, z) into {@code out};
     * returns false when the point lies outside the imaged field.
     */
    public boolean beamCoordinates(double x, double z, double[] out) {
        double r;
        double u;
        if (type == Type.LINEAR) {
            r = z;
            u = 2 * x / widthMm;
        } else {
            double zz = z + apexRadius;
            r = Math.hypot(x, zz) - apexRadius;
            u = Math.atan2(x, zz) / halfAngle;
        }
        out[0] = r;
        out[1] = u;
        return r >= 0 && r <= depthMm && u >= -1 && u <= 1;
    }

    /** The probe-frame bounding box of the image: {xMin, xMax, zMin, zMax}. */
    public double[] bounds() {
        if (type == Type.LINEAR) {
            return new double[] {-widthMm / 2, widthMm / 2, 0, depthMm};
        }
        double rr = apexRadius + depthMm;
        double xMax = rr * Math.sin(halfAngle);
        double zMin = apexRadius * Math.cos(halfAngle) - apexRadius;
        return new double[] {-xMax, xMax, Math.min(0, zMin), depthMm};
    }
}
