package org.sonograd.kernels;

import java.util.Arrays;

/**
 * The windows of a 1-, 2- or 3-D pooling, stored as 3-D (leading size-1 dims). Along each dim d,
 * output index o reads the input range [lo[d][o], hi[d][o]) (already clipped to the input) and
 * divides by div[d][o]; the window of a 3-D output position is the product of its three ranges and
 * its divisor the product of the three divisors. Inputs are contiguous N·C planes of D×H×W.
 *
 * @param planes N·C
 * @param input  spatial input size (D, H, W)
 * @param output spatial output size
 * @param lo     first input index of each output index, per dim
 * @param hi     one past the last input index, per dim
 * @param div    divisor of each output index for averages, per dim
 * @param window kernel, stride and padding per dim (3-D, leading 1, 1, 0) of sliding windows; null for adaptive ones
 */
public record PoolGeometry(long planes, int[] input, int[] output, int[][] lo, int[][] hi, int[][] div, int[][] window) {

    /**
     * Sliding windows as in PyTorch's max/avg pool (floor mode): o = ⌊(i + 2p − k) / s⌋ + 1, window
     * [o·s − p, o·s − p + k) clipped to the input; the average divides by k (count_include_pad) or
     * by the clipped size.
     */
    public static PoolGeometry sliding(String op, long planes, int[] input, int[] kernel, int[] stride, int[] padding,
                                       boolean countIncludePad) {
        int n = input.length;
        if (n < 1 || n > 3 || kernel.length != n || stride.length != n || padding.length != n) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(input) + ", kernel " + Arrays.toString(kernel)
                    + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                    + ": need 1 to 3 spatial dims, the same number in every argument");
        }
        int[][] lo = new int[3][];
        int[][] hi = new int[3][];
        int[][] div = new int[3][];
        int[] out = new int[3];
        int[] in = new int[3];
        int[][] window = new int[3][3];
        for (int d = 0; d < 3; d++) {
            int src = d - (3 - n);
            int i = src < 0 ? 1 : input[src];
            int k = src < 0 ? 1 : kernel[src];
            int s = src < 0 ? 1 : stride[src];
            int p = src < 0 ? 0 : padding[src];
            if (k < 1 || s < 1 || p < 0 || 2 * p > k || i + 2 * p < k) {
                throw new IllegalArgumentException(op + ": input " + Arrays.toString(input) + ", kernel " + Arrays.toString(kernel)
                        + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                        + ": need kernel, stride >= 1, 0 <= padding <= kernel / 2 and the kernel to fit the padded input");
            }
            in[d] = i;
            window[0][d] = k;
            window[1][d] = s;
            window[2][d] = p;
            out[d] = (i + 2 * p - k) / s + 1;
            lo[d] = new int[out[d]];
            hi[d] = new int[out[d]];
            div[d] = new int[out[d]];
            for (int o = 0; o < out[d]; o++) {
                int start = o * s - p;
                int end = start + k;
                lo[d][o] = Math.max(0, start);
                hi[d][o] = Math.min(i, end);
                div[d][o] = countIncludePad ? Math.min(end, i + p) - start : hi[d][o] - lo[d][o];
            }
        }
        return new PoolGeometry(planes, in, out, lo, hi, div, window);
    }

    /** Adaptive windows as in PyTorch: output o of size O over input size I reads [⌊o·I/O⌋, ⌈(o+1)·I/O⌉). */
    public static PoolGeometry adaptive(String op, long planes, int[] input, int[] size) {
        int n = input.length;
        if (n < 1 || n > 3 || size.length != n || Arrays.stream(size).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(input) + ", output size " + Arrays.toString(size)
                    + ": need 1 to 3 spatial dims and positive sizes");
        }
        int[][] lo = new int[3][];
        int[][] hi = new int[3][];
        int[][] div = new int[3][];
        int[] out = new int[3];
        int[] in = new int[3];
        for (int d = 0; d < 3; d++) {
            int src = d - (3 - n);
            int i = src < 0 ? 1 : input[src];
            int o = src < 0 ? 1 : size[src];
            in[d] = i;
            out[d] = o;
            lo[d] = new int[o];
            hi[d] = new int[o];
            div[d] = new int[o];
            for (int j = 0; j < o; j++) {
                lo[d][j] = (int) ((long) j * i / o);
                hi[d][j] = (int) (((long) (j + 1) * i + o - 1) / o);
                div[d][j] = hi[d][j] - lo[d][j];
            }
        }
        return new PoolGeometry(planes, in, out, lo, hi, div, null);
    }

    /** D·H·W of the input. */
    public long inputVolume() {
        return (long) input[0] * input[1] * input[2];
    }

    /** oD·oH·oW. */
    public long outputVolume() {
        return (long) output[0] * output[1] * output[2];
    }
}
