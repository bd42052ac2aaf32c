package org.sonograd.io.dsp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.sonograd.kernels.VectorSupport;

/**
 * Radix-2 decimation-in-time FFT of length {@code n} applied to many columns at once.
 *
 * <p>Data is laid out row-major as {@code [n][cols]}: column {@code c} is one signal. Every butterfly
 * combines two whole rows, so the inner loop runs over the columns with the Vector API; a B-mode
 * frame stored as {@code [depth][line]} is transformed along depth without a transpose, and a
 * spectrogram's frames stored as {@code [sample][frame]} likewise.
 *
 * <p>Forward: {@code X[k] = Σ_j x[j]·exp(-2πi·jk/n)}; inverse: {@code x[j] = (1/n)·Σ_k X[k]·exp(+2πi·jk/n)}.
 */
public final class Fft {
    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;

    private final int n;
    private final float[] cos;
    private final float[] sin;
    private final int[] bitReversed;

    /** A transform of length {@code n}, which must be a power of two (at least 1). */
    public Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("Fft: length " + n + " is not a power of two");
        }
        this.n = n;
        cos = new float[Math.max(1, n / 2)];
        sin = new float[Math.max(1, n / 2)];
        for (int k = 0; k < n / 2; k++) {
            double a = 2 * Math.PI * k / n;
            cos[k] = (float) Math.cos(a);
            sin[k] = (float) Math.sin(a);
        }
        int bits = Integer.numberOfTrailingZeros(n);
        bitReversed = new int[n];
        for (int i = 0; i < n; i++) {
            bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
    }

    /** The transform length. */
    public int length() {
        return n;
    }

    /** The smallest power of two that is at least {@code m}. */
    public static int nextPowerOfTwo(int m) {
        return m <= 1 ? 1 : Integer.highestOneBit(m - 1) << 1;
    }

    /** In-place transform of each of the {@code cols} columns of {@code re}/{@code im}, laid out {@code [n][cols]}. */
    public void transformColumns(float[] re, float[] im, int cols, boolean inverse) {
        if (re.length < n * cols || im.length < n * cols) {
            throw new IllegalArgumentException("Fft: arrays of " + re.length + "/" + im.length
                    + " floats hold fewer than n*cols = " + n + "*" + cols);
        }
        for (int i = 0; i < n; i++) {
            int j = bitReversed[i];
            if (i < j) {
                swapRows(re, i, j, cols);
                swapRows(im, i, j, cols);
            }
        }
        float sign = inverse ? 1f : -1f;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    butterfly(re, im, (start + k) * cols, (start + k + half) * cols, cols,
                            cos[k * step], sign * sin[k * step]);
                }
            }
        }
        if (inverse) {
            float scale = 1f / n;
            for (int i = 0; i < n * cols; i++) {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    /** In-place transform of one signal. */
    public void transform(float[] re, float[] im, boolean inverse) {
        transformColumns(re, im, 1, inverse);
    }

    // a' = a + w·b, b' = a − w·b, with w = wr + i·wi
    private static void butterfly(float[] re, float[] im, int a, int b, int cols, float wr, float wi) {
        int c = 0;
        if (VectorSupport.enabled()) {
            int upper = S.loopBound(cols);
            for (; c < upper; c += S.length()) {
                FloatVector rb = FloatVector.fromArray(S, re, b + c);
                FloatVector ib = FloatVector.fromArray(S, im, b + c);
                FloatVector ra = FloatVector.fromArray(S, re, a + c);
                FloatVector ia = FloatVector.fromArray(S, im, a + c);
                FloatVector tr = rb.mul(wr).sub(ib.mul(wi));
                FloatVector ti = ib.mul(wr).add(rb.mul(wi));
                ra.sub(tr).intoArray(re, b + c);
                ia.sub(ti).intoArray(im, b + c);
                ra.add(tr).intoArray(re, a + c);
                ia.add(ti).intoArray(im, a + c);
            }
        }
        for (; c < cols; c++) {
            float rb = re[b + c];
            float ib = im[b + c];
            float tr = rb * wr - ib * wi;
            float ti = ib * wr + rb * wi;
            re[b + c] = re[a + c] - tr;
            im[b + c] = im[a + c] - ti;
            re[a + c] += tr;
            im[a + c] += ti;
        }
    }

    private static void swapRows(float[] x, int i, int j, int cols) {
        int a = i * cols;
        int b = j * cols;
        for (int c = 0; c < cols; c++) {
            float t = x[a + c];
            x[a + c] = x[b + c];
            x[b + c] = t;
        }
    }
}
