package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Convolutions (1-, 2- and 3-D, with stride, padding, dilation and groups) and their two gradients,
 * over contiguous buffers in the layouts of {@link ConvGeometry}; outputs are overwritten. A
 * transposed convolution is {@link #inputGrad} of the convolution described by
 * {@link ConvGeometry#ofTransposed}, and its gradients are {@link #forward} and {@link #weightGrad}.
 *
 * <p>The methods without a version run the best one; the overloads a chosen one ({@link ConvVersion}).
 * F32 and F64 are supported (v2 is F32 only and hands F64 and the cases it does not cover to v1);
 * results do not depend on the thread count.
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** y = conv(x, w). */
    public static void forward(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y) {
        forward(best(g), g, dtype, x, w, y);
    }

    /** ∂x = Σ_o w ⋆ᵀ ∂y, the adjoint of {@link #forward} in x. */
    public static void inputGrad(ConvGeometry g, DType dtype, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        inputGrad(ConvImplicit.suitsInputGrad(g) ? ConvVersion.V2_IMPLICIT : ConvVersion.V1_IM2COL, g, dtype, gy, w, gx);
    }

    /** ∂w = Σ_n ∂y ⋆ x, the adjoint of {@link #forward} in w. */
    public static void weightGrad(ConvGeometry g, DType dtype, MemorySegment x, MemorySegment gy, MemorySegment gw) {
        weightGrad(best(g), g, dtype, x, gy, gw);
    }

    /** {@link #forward} through a chosen version. */
    public static void forward(ConvVersion v, ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y) {
        check("conv forward", g, dtype, x, w, y);
        switch (v) {
            case V0_REFERENCE -> ConvReference.forward(g, dtype, x, w, y);
            case V1_IM2COL -> ConvIm2col.forward(g, dtype, x, w, y);
            case V2_IMPLICIT -> {
                if (dtype == DType.F32 && ConvImplicit.fits(g)) {
                    ConvImplicit.forward(g, x, w, y);
                } else {
                    ConvIm2col.forward(g, dtype, x, w, y);
                }
            }
        }
    }

    /** {@link #inputGrad} through a chosen version. */
    public static void inputGrad(ConvVersion v, ConvGeometry g, DType dtype, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        check("conv input grad", g, dtype, gx, w, gy);
        switch (v) {
            case V0_REFERENCE -> ConvReference.inputGrad(g, dtype, gy, w, gx);
            case V1_IM2COL -> ConvIm2col.inputGrad(g, dtype, gy, w, gx);
            case V2_IMPLICIT -> {
                // v2 needs enough input channels to fill half a register tile (not the stems' 1–3)
                if (dtype == DType.F32 && ConvImplicit.suitsInputGrad(g)) {
                    ConvImplicit.inputGrad(g, gy, w, gx);
                } else {
                    ConvIm2col.inputGrad(g, dtype, gy, w, gx);
                }
            }
        }
    }

    /** {@link #weightGrad} through a chosen version. */
    public static void weightGrad(ConvVersion v, ConvGeometry g, DType dtype, MemorySegment x, MemorySegment gy, MemorySegment gw) {
        check("conv weight grad", g, dtype, x, gw, gy);
        switch (v) {
            case V0_REFERENCE -> ConvReference.weightGrad(g, dtype, x, gy, gw);
            case V1_IM2COL -> ConvIm2col.weightGrad(g, dtype, x, gy, gw);
            case V2_IMPLICIT -> {
                if (dtype == DType.F32 && ConvImplicit.fits(g)) {
                    ConvImplicit.weightGrad(g, x, gy, gw);
                } else {
                    ConvIm2col.weightGrad(g, dtype, x, gy, gw);
                }
            }
        }
    }

    /** v2 where a tile of output channels is filled, else v1 (depthwise and narrow groups). */
    private static ConvVersion best(ConvGeometry g) {
        return ConvImplicit.suits(g) ? ConvVersion.V2_IMPLICIT : ConvVersion.V1_IM2COL;
    }

    private static void check(String op, ConvGeometry g, DType dtype, MemorySegment x, MemorySegment w, MemorySegment y) {
        if (dtype != DType.F32 && dtype != DType.F64) {
            throw new IllegalArgumentException(op + ": dtype " + dtype + " is not supported, only F32 and F64");
        }
        size(op, "input", x, g.inputElements(), dtype, g);
        size(op, "weight", w, g.weightElements(), dtype, g);
        size(op, "output", y, g.outputElements(), dtype, g);
    }

    private static void size(String op, String name, MemorySegment seg, long elements, DType dtype, ConvGeometry g) {
        if (seg.byteSize() < elements * dtype.byteSize()) {
            throw new IllegalArgumentException(op + ": the " + name + " buffer holds " + seg.byteSize() / dtype.byteSize()
                    + " elements, the geometry needs " + elements + " (" + g + ")");
        }
    }
}
