package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.IndexKernels;
import org.sonograd.kernels.Shapes;

/** Gather, scatter-add, index-select, masked fill and where, with PyTorch's shape rules. */
final class Indexing {
    private Indexing() {}

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = x.normalizeDim("gather", dim);
        checkIndex("gather", index);
        checkIndexShape("gather", x, d, index);
        if (DeviceChecks.same("gather", x, index) == Device.CUDA) {
            return CudaTensorOps.gather(x, d, index);
        }
        Tensor out = Tensor.empty(x.dtype(), index.shapeRef());
        IndexKernels.gather(index.shapeRef(), d, x.operand(), x.shapeRef()[d], index.operand(), out.operand());
        return out;
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        int d = self.normalizeDim("scatterAdd", dim);
        checkIndex("scatterAdd", index);
        checkIndexShape("scatterAdd", self, d, index);
        for (int i = 0; i < index.rank(); i++) {
            if (index.shapeRef()[i] > src.shapeRef()[i]) {
                throw new IllegalArgumentException("scatterAdd: index shape " + Shapes.format(index.shapeRef())
                        + " exceeds src shape " + Shapes.format(src.shapeRef()) + " in dim " + i);
            }
        }
        if (DeviceChecks.same("scatterAdd", self, index, src) == Device.CUDA) {
            return CudaTensorOps.scatterAdd(self, d, index, src);
        }
        Tensor out = self.copy();
        IndexKernels.scatterAdd(index.shapeRef(), d, index.operand(), src.to(self.dtype()).operand(), out.operand(),
                self.shapeRef()[d]);
        return out;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = x.normalizeDim("indexSelect", dim);
        checkIndex("indexSelect", index);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + Shapes.format(index.shapeRef()));
        }
        long[] outShape = x.shape();
        outShape[d] = index.shapeRef()[0];
        if (DeviceChecks.same("indexSelect", x, index) == Device.CUDA) {
            return CudaTensorOps.indexSelect(x, d, index, outShape);
        }
        Tensor out = Tensor.empty(x.dtype(), outShape);
        IndexKernels.indexSelect(outShape, d, x.operand(), x.shapeRef()[d], index.operand(), out.operand());
        return out;
    }

    static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        checkMask("maskedFill", mask);
        long[] shape = Broadcasting.shape("maskedFill", x.shapeRef(), mask.shapeRef());
        Tensor out = Tensor.empty(x.dtype(), shape);
        IndexKernels.maskedFill(shape, x.operandBroadcastTo(shape), mask.operandBroadcastTo(shape), value, out.operand());
        return out;
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        checkMask("where", cond);
        long[] shape = Broadcasting.shape("where", Broadcasting.shape("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        DType dtype = a.dtype() == b.dtype() ? a.dtype() : DTypes.promote(a.dtype(), b.dtype());
        Tensor out = Tensor.empty(dtype, shape);
        IndexKernels.where(shape, cond.operandBroadcastTo(shape), a.to(dtype).operandBroadcastTo(shape),
                b.to(dtype).operandBroadcastTo(shape), out.operand());
        return out;
    }

    private static void checkIndex(String op, Tensor index) {
        if (index.dtype() != DType.I64) {
            throw new IllegalArgumentException(op + ": index must be I64, got " + index.dtype());
        }
    }

    private static void checkMask(String op, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": mask must be BOOL, got " + mask.dtype());
        }
    }

    /** PyTorch's rule: same rank, and index.size(i) <= x.size(i) for every i != dim. */
    private static void checkIndexShape(String op, Tensor x, int dim, Tensor index) {
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException(op + ": index shape " + Shapes.format(index.shapeRef()) + " and input shape "
                    + Shapes.format(x.shapeRef()) + " must have the same rank");
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != dim && index.shapeRef()[i] > x.shapeRef()[i]) {
                throw new IllegalArgumentException(op + ": index shape " + Shapes.format(index.shapeRef())
                        + " exceeds input shape " + Shapes.format(x.shapeRef()) + " in dim " + i);
            }
        }
    }
}
