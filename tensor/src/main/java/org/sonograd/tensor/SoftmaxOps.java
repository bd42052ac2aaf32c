package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.SoftmaxKernels;

/** Softmax, log-softmax and logsumexp along any dim: the dim is moved last and the rest flattened into rows. */
final class SoftmaxOps {
    private SoftmaxOps() {}

    private interface RowKernel {
        void run(long rows, long cols, Operand x, Operand y);
    }

    static Tensor softmax(Tensor x, int dim) {
        return rowwise(x, dim, false, SoftmaxKernels::softmax);
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        return rowwise(x, dim, true, SoftmaxKernels::logSoftmax);
    }

    static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
        Tensor in = floating(x);
        int d = in.normalizeDim("logSumExp", dim);
        Tensor moved = in.permute(moveToEnd(in.rank(), d)).contiguous();
        long cols = in.shapeRef()[d];
        long rows = moved.numel() / Math.max(1, cols);
        Tensor out = Tensor.empty(in.dtype(), Views.remove(moved.shapeRef(), moved.rank() - 1));
        SoftmaxKernels.logSumExp(rows, cols, moved.reshape(rows, cols).operand(), out.reshape(rows).operand());
        return keepDim ? out.unsqueeze(d) : out;
    }

    /** softmax ({@code log}: log-softmax) along dim: {@code kernel} on the CPU, the softmax family on CUDA. */
    private static Tensor rowwise(Tensor x, int dim, boolean log, RowKernel kernel) {
        Tensor in = floating(x);
        int d = in.normalizeDim("softmax", dim);
        int[] order = moveToEnd(in.rank(), d);
        if (in.device() == Device.CUDA) {
            return CudaTensorOps.softmaxLastDim(log, in.permute(order)).permute(inverse(order)).contiguous();
        }
        Tensor moved = in.permute(order).contiguous();
        long cols = in.shapeRef()[d];
        long rows = moved.numel() / Math.max(1, cols);
        Tensor out = Tensor.empty(in.dtype(), moved.shapeRef());
        kernel.run(rows, cols, moved.reshape(rows, cols).operand(), out.reshape(rows, cols).operand());
        return out.permute(inverse(order)).contiguous();
    }

    private static Tensor floating(Tensor x) {
        return x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
    }

    /** The permutation that moves dim d last and keeps the others in order. */
    static int[] moveToEnd(int rank, int d) {
        int[] order = new int[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            if (i != d) {
                order[j++] = i;
            }
        }
        order[rank - 1] = d;
        return order;
    }

    static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }
}
