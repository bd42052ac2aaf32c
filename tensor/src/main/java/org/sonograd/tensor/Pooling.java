package org.sonograd.tensor;

import java.util.Arrays;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.PoolGeometry;
import org.sonograd.kernels.PoolKernels;
import org.sonograd.kernels.Shapes;

/**
 * Max, average and adaptive-average pooling on tensors (no gradients), 1-, 2- or 3-D by the length
 * of the kernel or size arguments, over the trailing dims of an N×C×spatial input; dispatched to
 * {@link PoolKernels}. The average's adjoints are public for the autograd rules.
 */
public final class Pooling {
    private Pooling() {}

    /** Max pooling: {values, indices}, indices (I64, output shape) flat within each N·C plane of the input. */
    public static Tensor[] maxPool(Tensor x, int[] kernel, int[] stride, int[] padding) {
        PoolGeometry g = PoolGeometry.sliding("max_pool", planes("max_pool", x, kernel.length), spatial(x, kernel.length),
                kernel, stride, padding, false);
        long[] shape = outShape(x.shapeRef(), g, kernel.length);
        if (x.device() == Device.CUDA) {
            return CudaTensorOps.maxPool(x, kernel, stride, padding, shape);
        }
        Tensor cx = dense(x);
        Tensor y = Tensor.empty(cx.dtype(), shape);
        Tensor idx = Tensor.empty(DType.I64, shape);
        PoolKernels.maxForward(g, cx.dtype(), Convolution.segment(cx), Convolution.segment(y), Convolution.segment(idx));
        Convolution.releaseCopy(cx, x);
        return new Tensor[] {y, idx};
    }

    /**
     * The adjoint of {@link #maxPool}'s values: ∂x of shape {@code inputShape}, zero but for ∂y added
     * at the indices the forward saved ({@link PoolKernels#maxBackward}; on CUDA a scatter-add).
     */
    public static Tensor maxPoolBackward(Tensor gy, Tensor indices, long[] inputShape, int[] kernel, int[] stride,
                                         int[] padding) {
        PoolGeometry g = PoolGeometry.sliding("max_pool backward", Shapes.numel(inputShape) / volume(inputShape, kernel.length),
                spatial(inputShape, kernel.length), kernel, stride, padding, false);
        checkAdjointShape("max pool backward", gy, inputShape, g, kernel.length);
        if (indices.dtype() != DType.I64 || !Arrays.equals(indices.shapeRef(), gy.shapeRef())) {
            throw new IllegalArgumentException("max pool backward: indices " + Shapes.format(indices.shapeRef()) + " "
                    + indices.dtype() + " must be I64 of the gradient's shape " + Shapes.format(gy.shapeRef()));
        }
        if (gy.device() == Device.CUDA) {
            long n = inputShape[0];
            long c = inputShape[1];
            return Tensor.zeros(gy.dtype(), n, c, g.inputVolume()).to(Device.CUDA)
                    .scatterAdd(2, indices.reshape(n, c, -1), gy.reshape(n, c, -1)).reshape(inputShape);
        }
        Tensor cgy = dense(gy);
        Tensor cidx = indices.contiguous();
        Tensor gx = Tensor.empty(cgy.dtype(), inputShape);
        PoolKernels.maxBackward(g, cgy.dtype(), Convolution.segment(cgy), Convolution.segment(cidx), Convolution.segment(gx));
        Convolution.releaseCopy(cgy, gy);
        Convolution.releaseCopy(cidx, indices);
        return gx;
    }

    /** Average pooling with PyTorch's defaults for ceil_mode (false); count_include_pad as given. */
    public static Tensor avgPool(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        PoolGeometry g = PoolGeometry.sliding("avg_pool", planes("avg_pool", x, kernel.length), spatial(x, kernel.length),
                kernel, stride, padding, countIncludePad);
        if (x.device() == Device.CUDA) {
            return CudaTensorOps.avgPool(x, kernel, stride, padding, countIncludePad, outShape(x.shapeRef(), g, kernel.length));
        }
        return average(x, g, kernel.length);
    }

    /** The adjoint of {@link #avgPool}: ∂x of shape {@code inputShape} from ∂y. */
    public static Tensor avgPoolBackward(Tensor gy, long[] inputShape, int[] kernel, int[] stride, int[] padding,
                                         boolean countIncludePad) {
        PoolGeometry g = PoolGeometry.sliding("avg_pool backward", Shapes.numel(inputShape) / volume(inputShape, kernel.length),
                spatial(inputShape, kernel.length), kernel, stride, padding, countIncludePad);
        if (gy.device() == Device.CUDA) {
            checkAdjointShape("avg pool backward", gy, inputShape, g, kernel.length);
            return CudaTensorOps.avgPoolBackward(gy, inputShape, kernel, stride, padding, countIncludePad);
        }
        return averageAdjoint(gy, inputShape, g, kernel.length);
    }

    /** Adaptive average pooling to the spatial {@code size}. */
    public static Tensor adaptiveAvgPool(Tensor x, int[] size) {
        PoolGeometry g = PoolGeometry.adaptive("adaptive_avg_pool", planes("adaptive_avg_pool", x, size.length),
                spatial(x, size.length), size);
        return average(x, g, size.length);
    }

    /** The adjoint of {@link #adaptiveAvgPool}: ∂x of shape {@code inputShape} from ∂y. */
    public static Tensor adaptiveAvgPoolBackward(Tensor gy, long[] inputShape) {
        int dims = inputShape.length - 2;
        int[] size = new int[dims];
        for (int d = 0; d < dims; d++) {
            size[d] = Math.toIntExact(gy.shapeRef()[d + 2]);
        }
        PoolGeometry g = PoolGeometry.adaptive("adaptive_avg_pool backward", Shapes.numel(inputShape) / volume(inputShape, dims),
                spatial(inputShape, dims), size);
        return averageAdjoint(gy, inputShape, g, dims);
    }

    private static Tensor average(Tensor x, PoolGeometry g, int dims) {
        Tensor cx = dense(x);
        Tensor y = Tensor.empty(cx.dtype(), outShape(x.shapeRef(), g, dims));
        PoolKernels.avgForward(g, cx.dtype(), Convolution.segment(cx), Convolution.segment(y));
        Convolution.releaseCopy(cx, x);
        return y;
    }

    private static Tensor averageAdjoint(Tensor gy, long[] inputShape, PoolGeometry g, int dims) {
        checkAdjointShape("avg pool backward", gy, inputShape, g, dims);
        Tensor cgy = dense(gy);
        Tensor gx = Tensor.empty(cgy.dtype(), inputShape);
        PoolKernels.avgBackward(g, cgy.dtype(), Convolution.segment(cgy), Convolution.segment(gx));
        Convolution.releaseCopy(cgy, gy);
        return gx;
    }

    private static void checkAdjointShape(String op, Tensor gy, long[] inputShape, PoolGeometry g, int dims) {
        long[] expected = outShape(inputShape, g, dims);
        if (!Arrays.equals(expected, gy.shapeRef())) {
            throw new IllegalArgumentException(op + ": gradient " + Shapes.format(gy.shapeRef()) + " != output shape "
                    + Shapes.format(expected) + " of input " + Shapes.format(inputShape));
        }
    }

    private static long planes(String op, Tensor x, int dims) {
        if (x.rank() != dims + 2) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " needs rank " + (dims + 2)
                    + " (N, C and " + dims + " spatial dims)");
        }
        return x.shapeRef()[0] * x.shapeRef()[1];
    }

    private static int[] spatial(Tensor x, int dims) {
        return spatial(x.shapeRef(), dims);
    }

    private static int[] spatial(long[] shape, int dims) {
        int[] s = new int[dims];
        for (int d = 0; d < dims; d++) {
            s[d] = Math.toIntExact(shape[shape.length - dims + d]);
        }
        return s;
    }

    private static long volume(long[] shape, int dims) {
        long v = 1;
        for (int d = 0; d < dims; d++) {
            v *= shape[shape.length - dims + d];
        }
        return v;
    }

    private static long[] outShape(long[] xShape, PoolGeometry g, int dims) {
        long[] out = xShape.clone();
        for (int d = 0; d < dims; d++) {
            out[xShape.length - dims + d] = g.output()[3 - dims + d];
        }
        return out;
    }

    private static Tensor dense(Tensor t) {
        return t.dtype().isFloatingPoint() ? t.contiguous() : t.to(DType.F32);
    }
}
