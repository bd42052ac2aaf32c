package org.sonograd.tensor;

import java.util.Arrays;

/**
 * Stride, padding, dilation and groups of a convolution (and the output padding of a transposed
 * one), one entry per spatial dim, as in PyTorch's {@code conv3d(…, stride, padding, dilation, groups)}.
 *
 * @param stride        step between output positions
 * @param padding       zeros added on both sides of the input
 * @param dilation      distance between kernel taps
 * @param groups        channel groups; groups = channels gives a depthwise convolution
 * @param outputPadding extra size on one side of a transposed convolution's output (0 for a convolution)
 */
public record ConvOptions(int[] stride, int[] padding, int[] dilation, int groups, int[] outputPadding) {

    /** Stride 1, padding 0, dilation 1, one group, for {@code dims} spatial dims. */
    public static ConvOptions defaults(int dims) {
        return new ConvOptions(fill(dims, 1), fill(dims, 0), fill(dims, 1), 1, fill(dims, 0));
    }

    /** The same stride, padding and dilation in every one of {@code dims} dims. */
    public static ConvOptions of(int dims, int stride, int padding, int dilation, int groups) {
        return new ConvOptions(fill(dims, stride), fill(dims, padding), fill(dims, dilation), groups, fill(dims, 0));
    }

    /** A copy with another output padding (transposed convolutions). */
    public ConvOptions withOutputPadding(int... value) {
        return new ConvOptions(stride, padding, dilation, groups, value.clone());
    }

    /** Number of spatial dims. */
    public int dims() {
        return stride.length;
    }

    private static int[] fill(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public String toString() {
        return "stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation "
                + Arrays.toString(dilation) + ", groups " + groups
                + (Arrays.stream(outputPadding).anyMatch(p -> p != 0) ? ", output padding " + Arrays.toString(outputPadding) : "");
    }
}
