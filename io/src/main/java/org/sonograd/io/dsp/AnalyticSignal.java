package org.sonograd.io.dsp;

/**
 * Envelope detection by the Hilbert transform, computed with the FFT along the rows axis of a
 * {@code [n][cols]} array: the analytic signal {@code x + i·H{x}} has spectrum {@code X[0]},
 * {@code 2·X[k]} for {@code 0<k<n/2}, {@code X[n/2]}, and zero for negative frequencies; the envelope
 * is its magnitude.
 */
public final class AnalyticSignal {
    private final Fft fft;
    private float[] im = new float[0];

    /** Envelope detector for signals of length {@code n} (a power of two). */
    public AnalyticSignal(int n) {
        this.fft = new Fft(n);
    }

    /**
     * Replaces each column of {@code rf} ({@code [n][cols]}) by its envelope {@code |x + i·H{x}|}.
     * Not thread-safe: one detector per thread.
     */
    public void envelopeColumns(float[] rf, int cols) {
        int n = fft.length();
        if (im.length < n * cols) {
            im = new float[n * cols];
        }
        java.util.Arrays.fill(im, 0, n * cols, 0f);
        fft.transformColumns(rf, im, cols, false);
        for (int k = 1; k < n / 2; k++) {
            int row = k * cols;
            for (int c = 0; c < cols; c++) {
                rf[row + c] *= 2f;
                im[row + c] *= 2f;
            }
        }
        for (int k = n / 2 + 1; k < n; k++) {
            int row = k * cols;
            java.util.Arrays.fill(rf, row, row + cols, 0f);
            java.util.Arrays.fill(im, row, row + cols, 0f);
        }
        fft.transformColumns(rf, im, cols, true);
        for (int i = 0; i < n * cols; i++) {
            rf[i] = (float) Math.sqrt(rf[i] * rf[i] + im[i] * im[i]);
        }
    }
}
