package org.sonograd.kernels;

/**
 * One-dimensional resampling from {@code inSize} to {@code outSize} samples as two taps per output:
 * out[o] = w0[o]·in[i0[o]] + w1[o]·in[i1[o]]. Nearest, bilinear and trilinear upsampling are this
 * along each spatial dim in turn (they are separable), with PyTorch's source-index rules.
 *
 * @param inSize  input samples
 * @param outSize output samples
 * @param i0      first tap of each output
 * @param i1      second tap of each output
 * @param w0      weight of the first tap
 * @param w1      weight of the second tap
 */
public record AxisInterpolation(int inSize, int outSize, int[] i0, int[] i1, double[] w0, double[] w1) {

    /** PyTorch's 'nearest': i = min(⌊o · in / out⌋, in − 1). */
    public static AxisInterpolation nearest(int inSize, int outSize) {
        check(inSize, outSize);
        int[] i0 = new int[outSize];
        double[] w0 = new double[outSize];
        float scale = (float) inSize / outSize;
        for (int o = 0; o < outSize; o++) {
            i0[o] = Math.min((int) Math.floor(o * scale), inSize - 1);
            w0[o] = 1;
        }
        return new AxisInterpolation(inSize, outSize, i0, i0.clone(), w0, new double[outSize]);
    }

    /**
     * PyTorch's linear rule: source x = o·(in − 1)/(out − 1) with align_corners, else
     * max(0, (o + ½)·in/out − ½); taps ⌊x⌋ and ⌊x⌋ + 1 (clamped), weights 1 − λ and λ, λ = x − ⌊x⌋.
     */
    public static AxisInterpolation linear(int inSize, int outSize, boolean alignCorners) {
        check(inSize, outSize);
        int[] i0 = new int[outSize];
        int[] i1 = new int[outSize];
        double[] w0 = new double[outSize];
        double[] w1 = new double[outSize];
        double scale = alignCorners ? (outSize > 1 ? (double) (inSize - 1) / (outSize - 1) : 0) : (double) inSize / outSize;
        for (int o = 0; o < outSize; o++) {
            double x = alignCorners ? o * scale : Math.max(0, (o + 0.5) * scale - 0.5);
            int lo = Math.min((int) x, inSize - 1);
            double lambda = x - lo;
            i0[o] = lo;
            i1[o] = Math.min(lo + 1, inSize - 1);
            w0[o] = 1 - lambda;
            w1[o] = lambda;
        }
        return new AxisInterpolation(inSize, outSize, i0, i1, w0, w1);
    }

    private static void check(int inSize, int outSize) {
        if (inSize < 1 || outSize < 1) {
            throw new IllegalArgumentException("interpolate: sizes " + inSize + " -> " + outSize + " must be positive");
        }
    }
}
