package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.kernels.SinkhornKernels;

/**
 * Balanced soft assignments of samples to prototypes by Sinkhorn–Knopp (see
 * {@link SinkhornKernels} for the equations and the stabilisation). Never differentiated.
 */
public final class SinkhornKnopp {
    private SinkhornKnopp() {}

    /**
     * Q = exp(S/ε)ᵀ normalised, then {@code iterations} times prototypes to 1/K and samples to 1/B;
     * returns B·Qᵀ, so each of the B rows sums to 1.
     *
     * @param scores [B, K] similarities, F32 or F64 (integer inputs are converted to F32)
     */
    public static Tensor assign(Tensor scores, double epsilon, int iterations) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("sinkhorn: scores must be [B, K], got " + Shapes.format(scores.shapeRef()));
        }
        DType t = scores.dtype().isFloatingPoint() ? scores.dtype() : DType.F32;
        int b = Math.toIntExact(scores.size(0));
        int k = Math.toIntExact(scores.size(1));
        Tensor out = Tensor.empty(t, b, k);
        SinkhornKernels.assign(t, b, k, epsilon, iterations, InfoNce.dense(scores, t), InfoNce.dense(out, t));
        return out;
    }
}
