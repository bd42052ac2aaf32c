package org.sonograd.tensor;

import java.util.List;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.LayoutKernels;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.Shapes;

/** Copies, dtype conversion, concatenation and stacking. */
final class Layout {
    private Layout() {}

    static Tensor copy(Tensor t, DType dtype) {
        Tensor out = Tensor.empty(dtype, t.shapeRef());
        LayoutKernels.copy(t.shapeRef(), t.operand(), out.operand());
        return out;
    }

    static Tensor assign(Tensor dst, Tensor src) {
        LayoutKernels.copy(dst.shapeRef(), src.operandBroadcastTo(dst.shapeRef()), dst.operand());
        return dst;
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: no tensors given");
        }
        Tensor first = tensors.getFirst();
        int d = first.normalizeDim("cat", dim);
        long[] outShape = first.shape();
        outShape[d] = 0;
        long[][] shapes = new long[tensors.size()][];
        Operand[] inputs = new Operand[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.rank() != first.rank() || t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Shapes.format(t.shapeRef()) + " "
                        + t.dtype() + ", tensor 0 has " + Shapes.format(first.shapeRef()) + " " + first.dtype()
                        + ": rank and dtype must match");
            }
            for (int j = 0; j < t.rank(); j++) {
                if (j != d && t.shapeRef()[j] != first.shapeRef()[j]) {
                    throw new IllegalArgumentException("cat: tensor " + i + " has shape " + Shapes.format(t.shapeRef())
                            + ", tensor 0 has " + Shapes.format(first.shapeRef()) + ": sizes must match except in dim " + d);
                }
            }
            outShape[d] += t.shapeRef()[d];
            shapes[i] = t.shapeRef();
            inputs[i] = t.operand();
        }
        Tensor out = Tensor.empty(first.dtype(), outShape);
        LayoutKernels.cat(shapes, inputs, d, out.operand());
        return out;
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int d = Views.normalizeDim("stack", dim, tensors.getFirst().rank() + 1, tensors.getFirst().shapeRef());
        return cat(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
    }
}
