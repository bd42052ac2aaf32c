package org.sonograd.tensor;

import org.sonograd.kernels.DType;

/**
 * Type promotion for arithmetic: F64 wins over F32, and integer or boolean operands of a float op are
 * computed in F32 (as PyTorch does with its default float dtype).
 */
public final class DTypes {
    private DTypes() {}

    /** The dtype in which an arithmetic op on a and b is computed. */
    public static DType promote(DType a, DType b) {
        return a == DType.F64 || b == DType.F64 ? DType.F64 : DType.F32;
    }
}
