package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import org.sonograd.kernels.ConvGeometry;
import org.sonograd.kernels.ConvKernels;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;

/**
 * Convolutions on tensors (no gradients): 1-, 2- and 3-D by the rank of the input (N×C×L, N×C×H×W,
 * N×C×D×H×W), PyTorch's layouts and size rules, dispatched to {@link ConvKernels}. Operands are made
 * contiguous and of one float dtype (F64 if either is). The two gradients are public so that the
 * autograd rules can call them, and a transposed convolution is the input gradient of a convolution.
 */
public final class Convolution {
    private Convolution() {}

    /** y = conv(x, w): x N×Cin×spatial, w Cout×(Cin/groups)×kernel. */
    public static Tensor conv(Tensor x, Tensor w, ConvOptions o) {
        ConvGeometry g = forwardGeometry("conv", x.shapeRef(), w.shapeRef(), o);
        if (DeviceChecks.same("conv", x, w) == Device.CUDA) {
            return CudaTensorOps.conv(x, w, o, outShape(x.shapeRef(), w.shapeRef()[0], g));
        }
        DType dtype = DTypes.promote(x.dtype(), w.dtype());
        Tensor cx = dense(x, dtype);
        Tensor cw = dense(w, dtype);
        Tensor y = Tensor.empty(dtype, outShape(x.shapeRef(), w.shapeRef()[0], g));
        ConvKernels.forward(g, dtype, segment(cx), segment(cw), segment(y));
        releaseCopy(cx, x);
        releaseCopy(cw, w);
        return y;
    }

    /** ∂x of conv(x, w) for the gradient gy of its output; x has shape {@code inputShape}. */
    public static Tensor convInputGrad(Tensor gy, Tensor w, long[] inputShape, ConvOptions o) {
        ConvGeometry g = forwardGeometry("conv input grad", inputShape, w.shapeRef(), o);
        checkOutput("conv input grad", gy.shapeRef(), outShape(inputShape, w.shapeRef()[0], g), g);
        if (DeviceChecks.same("conv input grad", gy, w) == Device.CUDA) {
            return CudaTensorOps.convInputGrad(gy, w, inputShape, o);
        }
        DType dtype = DTypes.promote(gy.dtype(), w.dtype());
        Tensor cgy = dense(gy, dtype);
        Tensor cw = dense(w, dtype);
        Tensor gx = Tensor.empty(dtype, inputShape);
        ConvKernels.inputGrad(g, dtype, segment(cgy), segment(cw), segment(gx));
        releaseCopy(cgy, gy);
        releaseCopy(cw, w);
        return gx;
    }

    /** ∂w of conv(x, w) for the gradient gy of its output; w has shape {@code weightShape}. */
    public static Tensor convWeightGrad(Tensor x, Tensor gy, long[] weightShape, ConvOptions o) {
        ConvGeometry g = forwardGeometry("conv weight grad", x.shapeRef(), weightShape, o);
        checkOutput("conv weight grad", gy.shapeRef(), outShape(x.shapeRef(), weightShape[0], g), g);
        if (DeviceChecks.same("conv weight grad", x, gy) == Device.CUDA) {
            return CudaTensorOps.convWeightGrad(x, gy, weightShape, o);
        }
        DType dtype = DTypes.promote(x.dtype(), gy.dtype());
        Tensor cx = dense(x, dtype);
        Tensor cgy = dense(gy, dtype);
        Tensor gw = Tensor.empty(dtype, weightShape);
        ConvKernels.weightGrad(g, dtype, segment(cx), segment(cgy), segment(gw));
        releaseCopy(cx, x);
        releaseCopy(cgy, gy);
        return gw;
    }

    /**
     * The output shape of conv_transpose(x, w): x N×Cin×spatial, w Cin×(Cout/groups)×kernel, each
     * size (i − 1)·s − 2p + d·(k − 1) + outputPadding + 1.
     */
    public static long[] transposedShape(long[] xShape, long[] wShape, ConvOptions o) {
        checkRanks("conv_transpose", xShape, wShape, o);
        int dims = o.dims();
        long[] out = new long[dims + 2];
        out[0] = xShape[0];
        out[1] = wShape[1] * o.groups();
        for (int d = 0; d < dims; d++) {
            out[d + 2] = (xShape[d + 2] - 1) * o.stride()[d] - 2L * o.padding()[d]
                    + (long) o.dilation()[d] * (wShape[d + 2] - 1) + o.outputPadding()[d] + 1;
        }
        ConvGeometry.ofTransposed("conv_transpose", (int) xShape[0], (int) out[1], (int) xShape[1], o.groups(),
                spatial(xShape), spatial(wShape), o.stride(), o.padding(), o.dilation(), o.outputPadding());
        return out;
    }

    /** conv_transpose(x, w) = the input gradient of the convolution it is the adjoint of. */
    public static Tensor convTranspose(Tensor x, Tensor w, ConvOptions o) {
        return convInputGrad(x, w, transposedShape(x.shapeRef(), w.shapeRef(), o), o);
    }

    static ConvGeometry forwardGeometry(String op, long[] xShape, long[] wShape, ConvOptions o) {
        checkRanks(op, xShape, wShape, o);
        if (xShape[1] != wShape[1] * o.groups()) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(xShape) + ", weight " + Shapes.format(wShape)
                    + ", groups " + o.groups() + ": input channels " + xShape[1] + " != weight dim 1 (" + wShape[1]
                    + ") x groups");
        }
        return ConvGeometry.of(op, Math.toIntExact(xShape[0]), Math.toIntExact(xShape[1]), Math.toIntExact(wShape[0]),
                o.groups(), spatial(xShape), spatial(wShape), o.stride(), o.padding(), o.dilation());
    }

    private static void checkRanks(String op, long[] xShape, long[] wShape, ConvOptions o) {
        int dims = o.dims();
        if (dims < 1 || dims > 3 || xShape.length != dims + 2 || wShape.length != dims + 2 || o.padding().length != dims
                || o.dilation().length != dims || o.outputPadding().length != dims) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(xShape) + ", weight " + Shapes.format(wShape)
                    + ", " + o + ": a " + dims + "-d convolution needs rank " + (dims + 2) + " input and weight and "
                    + dims + " entries in every option");
        }
    }

    private static void checkOutput(String op, long[] gyShape, long[] expected, ConvGeometry g) {
        if (!java.util.Arrays.equals(gyShape, expected)) {
            throw new IllegalArgumentException(op + ": output gradient " + Shapes.format(gyShape) + " != output shape "
                    + Shapes.format(expected) + " of " + g);
        }
    }

    private static long[] outShape(long[] xShape, long outChannels, ConvGeometry g) {
        int dims = xShape.length - 2;
        long[] out = new long[dims + 2];
        out[0] = xShape[0];
        out[1] = outChannels;
        for (int d = 0; d < dims; d++) {
            out[d + 2] = g.output()[3 - dims + d];
        }
        return out;
    }

    private static int[] spatial(long[] shape) {
        int[] s = new int[shape.length - 2];
        for (int d = 0; d < s.length; d++) {
            s[d] = Math.toIntExact(shape[d + 2]);
        }
        return s;
    }

    /** A contiguous tensor of the dtype. */
    static Tensor dense(Tensor t, DType dtype) {
        return t.to(dtype).contiguous();
    }

    /** Frees a temporary contiguous copy made by {@link #dense}, and never the caller's tensor. */
    static void releaseCopy(Tensor copy, Tensor original) {
        if (!copy.sharesStorageWith(original)) {
            copy.release();
        }
    }

    /** The segment of a contiguous tensor, starting at its first element. */
    static MemorySegment segment(Tensor t) {
        long bytes = t.dtype().byteSize();
        return t.storage().segment().asSlice(t.offset() * bytes, t.numel() * bytes);
    }
}
