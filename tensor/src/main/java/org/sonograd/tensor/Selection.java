package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.ScanKernels;
import org.sonograd.kernels.SelectionKernels;

/** Top-k and cumulative sums along a dim: the dim is moved last and the rest flattened into rows. */
public final class Selection {
    private Selection() {}

    /** The k largest (or smallest) values along dim, sorted, and their I64 indices along dim. */
    public record TopK(Tensor values, Tensor indices) {}

    /** torch.topk(x, k, dim, largest, sorted=True). */
    public static TopK topK(Tensor x, int k, int dim, boolean largest) {
        DType t = x.dtype().isFloatingPoint() ? x.dtype() : DType.F32;
        int d = x.normalizeDim("topK", dim);
        int[] order = SoftmaxOps.moveToEnd(x.rank(), d);
        Tensor moved = x.to(t).permute(order).contiguous();
        int cols = Math.toIntExact(x.shapeRef()[d]);
        long rows = moved.numel() / Math.max(1, cols);
        long[] outShape = moved.shape();
        outShape[outShape.length - 1] = k;
        Tensor values = Tensor.empty(t, outShape);
        Tensor indices = Tensor.empty(DType.I64, outShape);
        SelectionKernels.topK(t, rows, cols, k, largest, InfoNce.dense(moved, t), InfoNce.dense(values, t),
                indices.storage().segment());
        int[] back = SoftmaxOps.inverse(order);
        return new TopK(values.permute(back).contiguous(), indices.permute(back).contiguous());
    }

    /** Cumulative sum along dim (torch.cumsum), or from the end when {@code reverse}. */
    public static Tensor cumsum(Tensor x, int dim, boolean reverse) {
        DType t = x.dtype().isFloatingPoint() ? x.dtype() : DType.F32;
        int d = x.normalizeDim("cumsum", dim);
        int[] order = SoftmaxOps.moveToEnd(x.rank(), d);
        Tensor moved = x.to(t).permute(order).contiguous();
        long cols = x.rank() == 0 ? 1 : x.shapeRef()[d];
        long rows = moved.numel() / Math.max(1, cols);
        Tensor out = Tensor.empty(t, moved.shapeRef());
        ScanKernels.cumsum(t, rows, cols, reverse, InfoNce.dense(moved, t), InfoNce.dense(out, t));
        return out.permute(SoftmaxOps.inverse(order)).contiguous();
    }
}
