package org.sonograd.io.audio;

import org.sonograd.io.dsp.Fft;

/**
 * Log-mel spectrogram: Hann windows of {@code window} samples every {@code hop} samples, zero-padded
 * to a power of two, power spectrum |X|² by the column FFT (all frames at once), triangular mel
 * filters (HTK mel scale m = 2595·log10(1 + f/700)) between 0 Hz and Nyquist, then ln(ε + E).
 * Default: 25 ms window, 10 ms hop, 64 bands.
 */
public final class LogMel {
    private LogMel() {
    }

    /** {@code [bands][frames]} log energies of {@code audio} with the defaults. */
    public static float[][] compute(Audio audio) {
        int rate = audio.sampleRate();
        return compute(audio, Math.round(0.025f * rate), Math.round(0.010f * rate), 64);
    }

    /** {@code [bands][frames]} log energies. */
    public static float[][] compute(Audio audio, int window, int hop, int bands) {
        float[] x = audio.samples();
        int frames = x.length < window ? 0 : 1 + (x.length - window) / hop;
        int n = Fft.nextPowerOfTwo(window);
        float[] re = new float[n * Math.max(1, frames)];
        float[] im = new float[re.length];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < window; i++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / window);
                re[i * frames + f] = (float) (x[f * hop + i] * hann);
            }
        }
        if (frames > 0) {
            new Fft(n).transformColumns(re, im, frames, false);
        }
        float[][] filters = melFilters(bands, n, audio.sampleRate());
        float[][] out = new float[bands][frames];
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bands; b++) {
                double e = 0;
                for (int k = 0; k <= n / 2; k++) {
                    if (filters[b][k] != 0) {
                        double p = re[k * frames + f] * re[k * frames + f] + im[k * frames + f] * im[k * frames + f];
                        e += filters[b][k] * p;
                    }
                }
                out[b][f] = (float) Math.log(1e-10 + e);
            }
        }
        return out;
    }

    /** Triangular filters {@code [bands][n/2+1]} on the HTK mel scale. */
    static float[][] melFilters(int bands, int n, int rate) {
        double maxMel = mel(rate / 2.0);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(maxMel * i / (bands + 1));
        }
        float[][] w = new float[bands][n / 2 + 1];
        for (int b = 0; b < bands; b++) {
            for (int k = 0; k <= n / 2; k++) {
                double f = k * (double) rate / n;
                double up = (f - edges[b]) / (edges[b + 1] - edges[b]);
                double down = (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
                w[b][k] = (float) Math.max(0, Math.min(up, down));
            }
        }
        return w;
    }

    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
