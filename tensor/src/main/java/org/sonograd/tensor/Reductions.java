package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.ReduceOp;
import org.sonograd.kernels.ReductionKernels;

/** Reductions over a set of dims (all dims when the set is empty), with or without kept dims. */
final class Reductions {
    private Reductions() {}

    static Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        if (x.device() == Device.CUDA) {
            return CudaTensorOps.reduce(op, x, axes(op.name().toLowerCase(), x, dims), keepDim);
        }
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
        boolean[] axes = axes(op.name().toLowerCase(), in, dims);
        Tensor out = Tensor.empty(in.dtype(), keptShape(in.shapeRef(), axes));
        ReductionKernels.reduce(op, in.shapeRef(), in.operand(), axes, out.operand());
        return keepDim ? out : dropAxes(out, axes);
    }

    static Tensor variance(Tensor x, int[] dims, double correction, boolean keepDim) {
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
        boolean[] axes = axes("variance", in, dims);
        Tensor out = Tensor.empty(in.dtype(), keptShape(in.shapeRef(), axes));
        ReductionKernels.variance(in.shapeRef(), in.operand(), axes, correction, out.operand());
        return keepDim ? out : dropAxes(out, axes);
    }

    static Tensor argmax(Tensor x, int dim, boolean keepDim) {
        int d = x.normalizeDim("argmax", dim);
        boolean[] axes = new boolean[x.rank()];
        axes[d] = true;
        Tensor out = Tensor.empty(DType.I64, keptShape(x.shapeRef(), axes));
        ReductionKernels.argmax(x.shapeRef(), x.operand(), d, out.operand());
        return keepDim ? out : dropAxes(out, axes);
    }

    /** Marks the reduced dims; an empty list marks all of them. */
    static boolean[] axes(String op, Tensor x, int[] dims) {
        boolean[] axes = new boolean[x.rank()];
        if (dims.length == 0) {
            java.util.Arrays.fill(axes, true);
        }
        for (int dim : dims) {
            axes[x.normalizeDim(op, dim)] = true;
        }
        return axes;
    }

    static long[] keptShape(long[] shape, boolean[] axes) {
        long[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (axes[i]) {
                out[i] = 1;
            }
        }
        return out;
    }

    static Tensor dropAxes(Tensor kept, boolean[] axes) {
        int rank = 0;
        for (boolean a : axes) {
            rank += a ? 0 : 1;
        }
        long[] shape = new long[rank];
        int j = 0;
        for (int i = 0; i < axes.length; i++) {
            if (!axes[i]) {
                shape[j++] = kept.shapeRef()[i];
            }
        }
        return kept.reshape(shape);
    }
}
