package org.sonograd.nn.functional;

import java.util.Arrays;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.Convolution;

/**
 * Rule table of the convolutions. Three rules close on each other, which is what makes gradients of
 * any order work: with B(x, w, gy) = ⟨gy, conv(x, w)⟩ trilinear,
 * <pre>
 * conv(x, w)                 ∂x = convInputGrad(g, w)     ∂w = convWeightGrad(x, g)
 * convInputGrad(gy, w)       ∂gy = conv(h, w)             ∂w = convWeightGrad(h, gy)
 * convWeightGrad(x, gy)      ∂x = convInputGrad(gy, h)    ∂gy = conv(x, h)
 * </pre>
 * (h the incoming gradient). A gradient is only computed for inputs that need one, so the first
 * layer of a network skips its input gradient. conv1d/2d/3d and the transposed convolutions are
 * compositions of these rules with a broadcast bias add.
 */
public final class ConvFunctions {
    private ConvFunctions() {}

    /** conv(x, w) without bias, 1-, 2- or 3-D by the rank of x. */
    public static Var conv(Var x, Var w, ConvOptions o) {
        long[] xShape = x.shape();
        long[] wShape = w.shape();
        return Graph.record("conv", Convolution.conv(x.value(), w.value(), o), (g, out) -> new Var[] {
                x.requiresGrad() ? convInputGrad(g, w, xShape, o) : null,
                w.requiresGrad() ? convWeightGrad(x, g, wShape, o) : null}, x, w);
    }

    /** The gradient of conv(x, w) in x, for x of shape {@code inputShape}; also the transposed convolution of gy. */
    public static Var convInputGrad(Var gy, Var w, long[] inputShape, ConvOptions o) {
        long[] wShape = w.shape();
        return Graph.record("convInputGrad", Convolution.convInputGrad(gy.value(), w.value(), inputShape, o),
                (h, out) -> new Var[] {
                        gy.requiresGrad() ? conv(h, w, o) : null,
                        w.requiresGrad() ? convWeightGrad(h, gy, wShape, o) : null}, gy, w);
    }

    /** The gradient of conv(x, w) in w, for w of shape {@code weightShape}. */
    public static Var convWeightGrad(Var x, Var gy, long[] weightShape, ConvOptions o) {
        long[] xShape = x.shape();
        return Graph.record("convWeightGrad", Convolution.convWeightGrad(x.value(), gy.value(), weightShape, o),
                (h, out) -> new Var[] {
                        x.requiresGrad() ? convInputGrad(gy, h, xShape, o) : null,
                        gy.requiresGrad() ? conv(x, h, o) : null}, x, gy);
    }

    /** torch.nn.functional.conv1d: x N×Cin×L, w Cout×(Cin/groups)×k, bias Cout or null. */
    public static Var conv1d(Var x, Var w, Var bias, ConvOptions o) {
        return withBias(conv(checked("conv1d", x, 1, o), w, o), bias);
    }

    /** torch.nn.functional.conv2d: x N×Cin×H×W. */
    public static Var conv2d(Var x, Var w, Var bias, ConvOptions o) {
        return withBias(conv(checked("conv2d", x, 2, o), w, o), bias);
    }

    /** torch.nn.functional.conv3d: x N×Cin×D×H×W. */
    public static Var conv3d(Var x, Var w, Var bias, ConvOptions o) {
        return withBias(conv(checked("conv3d", x, 3, o), w, o), bias);
    }

    /** torch.nn.functional.conv_transpose1d: x N×Cin×L, w Cin×(Cout/groups)×k, bias Cout or null. */
    public static Var convTranspose1d(Var x, Var w, Var bias, ConvOptions o) {
        return transposed("conv_transpose1d", x, w, bias, 1, o);
    }

    /** torch.nn.functional.conv_transpose2d. */
    public static Var convTranspose2d(Var x, Var w, Var bias, ConvOptions o) {
        return transposed("conv_transpose2d", x, w, bias, 2, o);
    }

    /** torch.nn.functional.conv_transpose3d. */
    public static Var convTranspose3d(Var x, Var w, Var bias, ConvOptions o) {
        return transposed("conv_transpose3d", x, w, bias, 3, o);
    }

    private static Var transposed(String op, Var x, Var w, Var bias, int dims, ConvOptions o) {
        checked(op, x, dims, o);
        long[] outShape = Convolution.transposedShape(x.shape(), w.shape(), o);
        return withBias(convInputGrad(x, w, outShape, o), bias);
    }

    private static Var checked(String op, Var x, int dims, ConvOptions o) {
        if (x.rank() != dims + 2 || o.dims() != dims) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(x.shape()) + " with " + o + ": needs a rank "
                    + (dims + 2) + " input and " + dims + " entries per option");
        }
        return x;
    }

    /** out + bias broadcast over batch and space (bias of shape C). */
    static Var withBias(Var out, Var bias) {
        if (bias == null) {
            return out;
        }
        long[] shape = new long[out.rank()];
        Arrays.fill(shape, 1);
        shape[1] = out.size(1);
        if (bias.rank() != 1 || bias.size(0) != out.size(1)) {
            throw new IllegalArgumentException("conv bias: shape " + Arrays.toString(bias.shape()) + " != [" + out.size(1)
                    + "] output channels");
        }
        return out.add(bias.reshape(shape));
    }
}
