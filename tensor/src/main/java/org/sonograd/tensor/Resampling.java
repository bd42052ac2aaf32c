package org.sonograd.tensor;

import org.sonograd.kernels.AxisInterpolation;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ResampleKernels;
import org.sonograd.kernels.Shapes;

/**
 * Separable resampling on tensors (no gradients): one {@link AxisInterpolation} applied along one
 * dim, and its adjoint. Nearest, bilinear and trilinear upsampling apply it along each spatial dim.
 */
public final class Resampling {
    private Resampling() {}

    /** x resampled along {@code dim} by the plan (x.size(dim) must be plan.inSize()). */
    public static Tensor alongAxis(Tensor x, int dim, AxisInterpolation plan) {
        int d = x.normalizeDim("interpolate", dim);
        if (x.shapeRef()[d] != plan.inSize()) {
            throw new IllegalArgumentException("interpolate: dim " + d + " of " + Shapes.format(x.shapeRef()) + " has size "
                    + x.shapeRef()[d] + ", the plan resamples " + plan.inSize() + " -> " + plan.outSize());
        }
        Tensor cx = x.dtype().isFloatingPoint() ? x.contiguous() : x.to(DType.F32);
        long[] shape = x.shape();
        shape[d] = plan.outSize();
        Tensor y = Tensor.empty(cx.dtype(), shape);
        ResampleKernels.apply(plan, outer(shape, d), inner(shape, d), cx.dtype(), Convolution.segment(cx), Convolution.segment(y));
        Convolution.releaseCopy(cx, x);
        return y;
    }

    /** The adjoint of {@link #alongAxis}: gy has plan.outSize() along dim, the result plan.inSize(). */
    public static Tensor alongAxisAdjoint(Tensor gy, int dim, AxisInterpolation plan) {
        int d = gy.normalizeDim("interpolate backward", dim);
        if (gy.shapeRef()[d] != plan.outSize()) {
            throw new IllegalArgumentException("interpolate backward: dim " + d + " of " + Shapes.format(gy.shapeRef())
                    + " has size " + gy.shapeRef()[d] + ", the plan resamples " + plan.inSize() + " -> " + plan.outSize());
        }
        Tensor cgy = gy.contiguous();
        long[] shape = gy.shape();
        shape[d] = plan.inSize();
        Tensor gx = Tensor.empty(cgy.dtype(), shape);
        ResampleKernels.adjoint(plan, outer(shape, d), inner(shape, d), cgy.dtype(), Convolution.segment(cgy),
                Convolution.segment(gx));
        Convolution.releaseCopy(cgy, gy);
        return gx;
    }

    private static long outer(long[] shape, int d) {
        long n = 1;
        for (int i = 0; i < d; i++) {
            n *= shape[i];
        }
        return n;
    }

    private static long inner(long[] shape, int d) {
        long n = 1;
        for (int i = d + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }
}
