package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.sonograd.kernels.OptimizerKernels;
import org.sonograd.kernels.OptimizerStep;
import org.sonograd.kernels.Shapes;

/**
 * Fused in-place optimiser updates on tensors ({@link OptimizerKernels}): the parameter and its
 * state must be contiguous tensors of one floating dtype and shape; the gradient is converted and
 * made contiguous when it is not already.
 */
public final class OptimizerUpdates {
    private OptimizerUpdates() {}

    /** SGD: updates {@code theta} and {@code buffer} (null without momentum) in place from {@code grad}. */
    public static void sgd(Tensor theta, Tensor grad, Tensor buffer, OptimizerStep.Sgd step) {
        if (onCuda("sgd", theta, grad, buffer)) {
            prepared("sgd", theta, grad, buffer);
            CudaTensorOps.sgd(theta, grad, buffer, step);
            return;
        }
        Tensor g = prepared("sgd", theta, grad, buffer);
        try {
            OptimizerKernels.sgd(theta.dtype(), theta.numel(), segment(theta), segment(g),
                    buffer == null ? null : segment(buffer), step);
        } finally {
            if (g != grad) {
                g.release();
            }
        }
    }

    /** Adam/AdamW: updates {@code theta}, {@code m} and {@code v} in place from {@code grad}. */
    public static void adam(Tensor theta, Tensor grad, Tensor m, Tensor v, OptimizerStep.Adam step) {
        if (onCuda("adam", theta, grad, m, v)) {
            prepared("adam", theta, grad, m, v);
            CudaTensorOps.adam(theta, grad, m, v, step);
            return;
        }
        Tensor g = prepared("adam", theta, grad, m, v);
        try {
            OptimizerKernels.adam(theta.dtype(), theta.numel(), segment(theta), segment(g), segment(m), segment(v), step);
        } finally {
            if (g != grad) {
                g.release();
            }
        }
    }

    /** True when the (non-null) operands are all on CUDA, false when all on the CPU, else an error naming both. */
    private static boolean onCuda(String op, Tensor... operands) {
        Tensor[] present = Arrays.stream(operands).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        return DeviceChecks.same(op + " update", present) == Device.CUDA;
    }

    private static Tensor prepared(String op, Tensor theta, Tensor grad, Tensor... state) {
        for (Tensor t : java.util.stream.Stream.concat(java.util.stream.Stream.of(theta, grad),
                Arrays.stream(state)).filter(java.util.Objects::nonNull).toList()) {
            if (!Arrays.equals(t.shapeRef(), theta.shapeRef())) {
                throw new IllegalArgumentException(op + " update: shapes " + Shapes.format(theta.shapeRef()) + " and "
                        + Shapes.format(t.shapeRef()) + " differ: parameter, gradient and state must have one shape");
            }
        }
        for (Tensor t : state) {
            if (t != null && (!t.isContiguous() || t.dtype() != theta.dtype())) {
                throw new IllegalArgumentException(op + " update: state must be contiguous " + theta.dtype());
            }
        }
        if (!theta.isContiguous() || !theta.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + " update: parameter must be a contiguous floating-point tensor");
        }
        if (theta.device() == Device.CUDA) {
            return grad;  // CudaTensorOps makes the gradient contiguous on the device
        }
        return grad.dtype() == theta.dtype() && grad.isContiguous() ? grad : Layout.copy(grad, theta.dtype());
    }

    private static MemorySegment segment(Tensor t) {
        long size = t.dtype().byteSize();
        return t.storage().segment().asSlice(t.offset() * size, t.numel() * size);
    }
}
