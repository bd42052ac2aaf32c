package org.sonograd.kernels;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The numbered GEMM versions of the kernel lab, from the plain triple loop to the packed,
 * register-tiled, multi-threaded kernel. Each one is selectable by name ({@code gemm:v2}) from
 * the bench command and computes the same product; {@code docs/kernels.md} tells their story.
 */
public enum GemmVersion {
    /** The plain triple loop ({@link GemmReference}). */
    V0_REFERENCE("gemm:v0"),
    /** Cache-blocked loops with a vectorised row update ({@link GemmBlocked}). */
    V1_BLOCKED("gemm:v1"),
    /** Goto/BLIS: packed panels and a register-tiled FMA micro-kernel, each task packing its own panels ({@link GemmPacked}). */
    V2_PACKED("gemm:v2"),
    /** v2 with the B panel packed once per k-block and shared by all tasks, and shape-aware tiles ({@link GemmPackedShared}). */
    V3_PACKED_SHARED("gemm:v3");

    private final String label;

    GemmVersion(String label) {
        this.label = label;
    }

    /** The name used on the command line, e.g. {@code gemm:v2}. */
    public String label() {
        return label;
    }

    /** Looks a version up by its label ({@code gemm:v2}) or its short form ({@code v2}). */
    public static GemmVersion byName(String name) {
        for (GemmVersion v : values()) {
            if (v.label.equalsIgnoreCase(name) || v.label.substring("gemm:".length()).equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown GEMM version '" + name + "', expected one of "
                + Arrays.stream(values()).map(GemmVersion::label).collect(Collectors.joining(", ")));
    }
}
