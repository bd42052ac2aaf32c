package org.sonograd.tensor;

import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;

/** One-hot encoding of class indices (torch.nn.functional.one_hot). */
public final class OneHot {
    private OneHot() {}

    /**
     * out[..., c] = 1 where indices[...] = c, else 0: shape indices.shape + [classes], in {@code dtype}.
     * Indices must lie in [0, classes).
     */
    public static Tensor encode(Tensor indices, long classes, DType dtype) {
        long[] values = indices.toLongArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= classes) {
                throw new IndexOutOfBoundsException("oneHot: index " + values[i] + " at flat position " + i + " of shape "
                        + Shapes.format(indices.shapeRef()) + " is not in [0, " + classes + ")");
            }
        }
        Tensor codes = Tensor.arange(DType.F64, classes);
        return indices.to(DType.F64).unsqueeze(indices.rank()).compare(BinaryOp.EQ, codes).to(dtype);
    }
}
