package org.sonograd.tensor;

import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ElementwiseKernels;
import org.sonograd.kernels.UnaryOp;

/** Elementwise ops: promotion, broadcasting and dispatch to {@link ElementwiseKernels}. */
final class Pointwise {
    private Pointwise() {}

    static Tensor unary(UnaryOp op, Tensor x) {
        if (x.device() == Device.CUDA) {
            return CudaTensorOps.unary(op, x);
        }
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
        Tensor out = Tensor.empty(in.dtype(), in.shapeRef());
        ElementwiseKernels.unary(op, out.shapeRef(), in.operand(), out.operand());
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        if (DeviceChecks.same(name, a, b) == Device.CUDA) {
            return CudaTensorOps.binary(op, a, b);
        }
        long[] shape = Broadcasting.shape(name, a.shapeRef(), b.shapeRef());
        DType compute = DTypes.promote(a.dtype(), b.dtype());
        Tensor ca = a.to(compute);
        Tensor cb = b.to(compute);
        Tensor out = Tensor.empty(op.isComparison() ? DType.BOOL : compute, shape);
        ElementwiseKernels.binary(op, shape, ca.operandBroadcastTo(shape), cb.operandBroadcastTo(shape), out.operand());
        return out;
    }

    static Tensor binaryScalar(BinaryOp op, Tensor a, double s) {
        return binary(op, a, scalarLike(a, s).to(a.device()));
    }

    /** A 0-d tensor of a's float dtype (F32 for integer a). */
    static Tensor scalarLike(Tensor a, double s) {
        return Tensor.scalar(a.dtype().isFloatingPoint() ? a.dtype() : DType.F32, s);
    }

    static Tensor fma(Tensor x, Tensor a, Tensor b) {
        DeviceChecks.same("fma", x, a, b);
        long[] shape = Broadcasting.shape("fma", Broadcasting.shape("fma", x.shapeRef(), a.shapeRef()), b.shapeRef());
        DType compute = DTypes.promote(DTypes.promote(x.dtype(), a.dtype()), b.dtype());
        Tensor out = Tensor.empty(compute, shape);
        ElementwiseKernels.fma(shape, x.to(compute).operandBroadcastTo(shape), a.to(compute).operandBroadcastTo(shape),
                b.to(compute).operandBroadcastTo(shape), out.operand());
        return out;
    }
}
