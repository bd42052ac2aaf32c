package org.sonograd.kernels;

import java.util.Arrays;

/**
 * The shape of one convolution, 1-, 2- or 3-D, always stored as 3-D: a conv1d over length L is the
 * conv3d over 1×1×L, a conv2d over H×W the conv3d over 1×H×W (size-1 dims with kernel 1, stride 1,
 * padding 0, dilation 1). Layouts are PyTorch's: input N×Cin×D×H×W, weight Cout×(Cin/groups)×kD×kH×kW,
 * output N×Cout×oD×oH×oW, all contiguous.
 *
 * <p>Output size per dim: o = ⌊(i + 2p − d·(k − 1) − 1) / s⌋ + 1. A transposed convolution is the
 * input gradient of the convolution whose input is the transposed op's output; its geometry is built
 * with {@link #of} from both sizes, which also checks that they agree.
 *
 * @param batch       N
 * @param inChannels  Cin
 * @param outChannels Cout
 * @param groups      channel groups (Cin and Cout both divisible by it; Cin = groups for depthwise)
 * @param input       spatial input size (D, H, W)
 * @param kernel      kernel size (kD, kH, kW)
 * @param stride      stride per dim
 * @param padding     zero padding on both sides per dim
 * @param dilation    distance between kernel taps per dim
 * @param output      spatial output size (oD, oH, oW)
 */
public record ConvGeometry(int batch, int inChannels, int outChannels, int groups, int[] input, int[] kernel,
                           int[] stride, int[] padding, int[] dilation, int[] output) {

    /**
     * The geometry of a convolution with {@code dims} = 1, 2 or 3 spatial dims given as arrays of
     * that length; the output size follows from the formula.
     */
    public static ConvGeometry of(String op, int batch, int inChannels, int outChannels, int groups,
                                  int[] input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int n = input.length;
        String where = op + ": input " + Arrays.toString(input) + ", kernel " + Arrays.toString(kernel) + ", stride "
                + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation " + Arrays.toString(dilation);
        if (n < 1 || n > 3 || kernel.length != n || stride.length != n || padding.length != n || dilation.length != n) {
            throw new IllegalArgumentException(where + ": need 1 to 3 spatial dims, the same number in every argument");
        }
        int[] out = new int[n];
        for (int d = 0; d < n; d++) {
            long span = (long) dilation[d] * (kernel[d] - 1) + 1;
            out[d] = (int) Math.floorDiv(input[d] + 2L * padding[d] - span, stride[d]) + 1;
        }
        return ofSizes(op, batch, inChannels, outChannels, groups, input, kernel, stride, padding, dilation, out);
    }

    /**
     * The geometry of the convolution behind a transposed convolution: the transposed op maps
     * {@code output} (its input) to {@code input} = (o − 1)·s − 2p + d·(k − 1) + outputPadding + 1.
     */
    public static ConvGeometry ofTransposed(String op, int batch, int inChannels, int outChannels, int groups,
                                            int[] transposedInput, int[] kernel, int[] stride, int[] padding,
                                            int[] dilation, int[] outputPadding) {
        int n = transposedInput.length;
        if (outputPadding.length != n) {
            throw new IllegalArgumentException(op + ": output padding " + Arrays.toString(outputPadding) + " needs "
                    + n + " entries");
        }
        int[] in = new int[n];
        for (int d = 0; d < n; d++) {
            if (outputPadding[d] < 0 || (outputPadding[d] >= stride[d] && outputPadding[d] >= dilation[d])) {
                throw new IllegalArgumentException(op + ": output padding " + Arrays.toString(outputPadding)
                        + " must be smaller than the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation));
            }
            in[d] = (transposedInput[d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernel[d] - 1)
                    + outputPadding[d] + 1;
        }
        return ofSizes(op, batch, inChannels, outChannels, groups, in, kernel, stride, padding, dilation, transposedInput);
    }

    private static ConvGeometry ofSizes(String op, int batch, int inChannels, int outChannels, int groups, int[] input,
                                        int[] kernel, int[] stride, int[] padding, int[] dilation, int[] output) {
        int n = input.length;
        String where = op + ": input " + Arrays.toString(input) + ", output " + Arrays.toString(output) + ", kernel "
                + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                + Arrays.toString(padding) + ", dilation " + Arrays.toString(dilation);
        if (batch < 0 || inChannels < 1 || outChannels < 1 || groups < 1) {
            throw new IllegalArgumentException(op + ": batch " + batch + ", channels " + inChannels + " -> " + outChannels
                    + ", groups " + groups + ": need batch >= 0 and positive channels and groups");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(op + ": channels " + inChannels + " -> " + outChannels
                    + " are not both divisible by groups " + groups);
        }
        for (int d = 0; d < n; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || padding[d] < 0 || input[d] < 1) {
                throw new IllegalArgumentException(where + ": need kernel, stride, dilation, input >= 1 and padding >= 0");
            }
            long expected = Math.floorDiv(input[d] + 2L * padding[d] - (long) dilation[d] * (kernel[d] - 1) - 1, stride[d]) + 1;
            if (output[d] < 1 || expected != output[d]) {
                throw new IllegalArgumentException(where + ": dim " + d + " gives output size " + expected
                        + (output[d] != expected ? " not " + output[d] : "") + "; the kernel must fit the padded input");
            }
        }
        return new ConvGeometry(batch, inChannels, outChannels, groups, pad3(input, 1), pad3(kernel, 1), pad3(stride, 1),
                pad3(padding, 0), pad3(dilation, 1), pad3(output, 1));
    }

    private static int[] pad3(int[] values, int fill) {
        int[] out = new int[3];
        Arrays.fill(out, 0, 3 - values.length, fill);
        System.arraycopy(values, 0, out, 3 - values.length, values.length);
        return out;
    }

    /** Input channels per group. */
    public int inPerGroup() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int outPerGroup() {
        return outChannels / groups;
    }

    /** Kernel taps kD·kH·kW. */
    public int taps() {
        return kernel[0] * kernel[1] * kernel[2];
    }

    /** Inner dimension of the GEMM: (Cin/groups)·taps. */
    public int depth() {
        return inPerGroup() * taps();
    }

    /** Spatial input elements D·H·W. */
    public long inputVolume() {
        return (long) input[0] * input[1] * input[2];
    }

    /** Spatial output elements oD·oH·oW. */
    public long outputVolume() {
        return (long) output[0] * output[1] * output[2];
    }

    /** Elements of the input tensor. */
    public long inputElements() {
        return (long) batch * inChannels * inputVolume();
    }

    /** Elements of the weight tensor. */
    public long weightElements() {
        return (long) outChannels * depth();
    }

    /** Elements of the output tensor. */
    public long outputElements() {
        return (long) batch * outChannels * outputVolume();
    }

    /** Nominal multiply-adds ×2 of the forward pass, padding taps included. */
    public double nominalFlops() {
        return 2.0 * batch * outChannels * outputVolume() * depth();
    }

    /** Multiply-adds ×2 of the forward pass counting only the taps that land inside the input. */
    public double effectiveFlops() {
        double inside = 1;
        for (int d = 0; d < 3; d++) {
            long count = 0;
            for (int o = 0; o < output[d]; o++) {
                for (int k = 0; k < kernel[d]; k++) {
                    int i = o * stride[d] + k * dilation[d] - padding[d];
                    if (i >= 0 && i < input[d]) {
                        count++;
                    }
                }
            }
            inside *= count;
        }
        return 2.0 * batch * outChannels * inPerGroup() * inside;
    }

    @Override
    public String toString() {
        return "conv N=" + batch + " C=" + inChannels + "->" + outChannels + " groups=" + groups + " in="
                + Arrays.toString(input) + " out=" + Arrays.toString(output) + " k=" + Arrays.toString(kernel) + " s="
                + Arrays.toString(stride) + " p=" + Arrays.toString(padding) + " d=" + Arrays.toString(dilation);
    }
}
