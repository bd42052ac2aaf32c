package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.SpecialFunctionKernels;

/** Elementwise special functions on tensors (integer inputs are converted to F32). */
public final class SpecialFunctions {
    private SpecialFunctions() {}

    /** The error function erf(x) = 2/√π ∫₀ˣ e^{−t²} dt, elementwise. */
    public static Tensor erf(Tensor x) {
        if (x.device() == Device.CUDA) {
            return CudaTensorOps.erf(x);
        }
        DType t = x.dtype().isFloatingPoint() ? x.dtype() : DType.F32;
        Tensor out = Tensor.empty(t, x.shapeRef());
        SpecialFunctionKernels.erf(t, x.numel(), InfoNce.dense(x, t), InfoNce.dense(out, t));
        return out;
    }
}
