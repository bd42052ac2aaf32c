package org.sonograd.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decides once, at start-up, whether kernels use the Vector API. Vector code is only fast when
 * the C2 compiler intrinsifies it: under the interpreter or C1 it runs about 200 times slower than
 * scalar code. So if C2 is off (for {@code -Xint}, {@code -XX:TieredStopAtLevel<4} or
 * {@code -XX:-UseCompiler}), or if {@code SONOGRAD_VECTOR=off}, fast kernels fall back to their
 * scalar loops and a warning is logged.
 */
public final class VectorSupport {
    /** The widest float species of this CPU (16 lanes with AVX-512, 8 with AVX2). */
    public static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** The widest double species of this CPU. */
    public static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    private static final String DISABLED_REASON = disabledReason();
    private static final boolean ENABLED = DISABLED_REASON == null;

    static {
        if (!ENABLED) {
            System.getLogger("sonograd.kernels").log(System.Logger.Level.WARNING,
                    "Vector API disabled, kernels run scalar loops: " + DISABLED_REASON);
        }
    }

    private VectorSupport() {}

    /** True when kernels may use the Vector API. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Why the Vector API is off, or {@code null} when it is on. */
    public static String disabledReason() {
        String override = System.getProperty("sonograd.vector", System.getenv("SONOGRAD_VECTOR"));
        if ("off".equalsIgnoreCase(override)) {
            return "SONOGRAD_VECTOR=off";
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint)";
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if ("false".equals(hotspot.getVMOption("UseCompiler").getValue())) {
                return "the JIT is off (-XX:-UseCompiler)";
            }
            boolean tiered = "true".equals(hotspot.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
            if (tiered && stopAt < 4) {
                return "C2 is off (-XX:TieredStopAtLevel=" + stopAt + ")";
            }
        } catch (RuntimeException e) {
            return null; // Not HotSpot: assume an optimising JIT.
        }
        return null;
    }

    /** Bits of the preferred float vector: 512 with AVX-512, 256 with AVX2. */
    public static int vectorBits() {
        return FLOATS.vectorBitSize();
    }
}
