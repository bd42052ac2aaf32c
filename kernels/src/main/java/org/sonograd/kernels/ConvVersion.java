package org.sonograd.kernels;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The numbered convolution versions of the kernel lab; each computes the same forward, input and
 * weight gradients and is selectable by name ({@code conv:v1}). {@code docs/kernels-conv.md} tells
 * their story with measured figures.
 */
public enum ConvVersion {
    /** The definition as plain loops, accumulated in double ({@link ConvReference}). */
    V0_REFERENCE("conv:v0"),
    /** vol2col of a block of output positions, then the packed GEMM ({@link ConvIm2col}). */
    V1_IM2COL("conv:v1"),
    /** Implicit GEMM over channels-last lowered rows, padding tiles skipped; F32 ({@link ConvImplicit}). */
    V2_IMPLICIT("conv:v2");

    private final String label;

    ConvVersion(String label) {
        this.label = label;
    }

    /** The name used on the command line, e.g. {@code conv:v1}. */
    public String label() {
        return label;
    }

    /** Looks a version up by its label ({@code conv:v1}) or its short form ({@code v1}). */
    public static ConvVersion byName(String name) {
        for (ConvVersion v : values()) {
            if (v.label.equalsIgnoreCase(name) || v.label.substring("conv:".length()).equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown conv version '" + name + "', expected one of "
                + Arrays.stream(values()).map(ConvVersion::label).collect(Collectors.joining(", ")));
    }
}
