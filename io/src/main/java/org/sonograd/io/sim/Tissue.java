package org.sonograd.io.sim;

/**
 * Acoustic properties of one tissue type in a phantom.
 *
 * @param name            for docs and errors
 * @param echogenicity    backscatter energy e: fluid ≈0.01–0.05, soft tissue ≈0.2–0.4, bone/pleura ≈1
 * @param attenuation     α in dB/cm/MHz (one way): soft tissue 0.5, fluid ≈0, bone 10–20
 * @param kind            how the beam behaves on entering it ({@link Kind})
 * @param maskClass       the class written to segmentation masks (0 = background)
 */
public record Tissue(String name, double echogenicity, double attenuation, Kind kind, int maskClass) {

    /** Beam behaviour on entering a tissue. */
    public enum Kind {
        /** Ordinary scattering tissue. */
        NORMAL,
        /** Gas behind a strong reflector (aerated lung): no transmission, reverberation copies of the reflector (A-lines). */
        AIR,
        /** Gas with fluid-filled septa (interstitial syndrome): a bright, undamped ring-down to the bottom (B-line). */
        COMET
    }

    /** An ordinary tissue. */
    public static Tissue of(String name, double echogenicity, double attenuation, int maskClass) {
        return new Tissue(name, echogenicity, attenuation, Kind.NORMAL, maskClass);
    }
}
