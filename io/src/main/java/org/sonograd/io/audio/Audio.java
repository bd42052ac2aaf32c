package org.sonograd.io.audio;

/** Mono audio: {@code samples} in [-1, 1] at {@code sampleRate} Hz. */
public record Audio(int sampleRate, float[] samples) {
    /** Duration in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Resampled to {@code rate} Hz by linear interpolation after a moving-average anti-alias filter when downsampling. */
    public Audio resample(int rate) {
        if (rate == sampleRate) {
            return this;
        }
        float[] src = samples;
        if (rate < sampleRate) {
            int width = (int) Math.ceil((double) sampleRate / rate);
            float[] smooth = new float[src.length];
            double acc = 0;
            for (int i = 0; i < src.length; i++) {
                acc += src[i];
                if (i >= width) {
                    acc -= src[i - width];
                }
                smooth[i] = (float) (acc / Math.min(i + 1, width));
            }
            src = smooth;
        }
        int n = (int) Math.floor(src.length * (double) rate / sampleRate);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double pos = i * (double) sampleRate / rate;
            int i0 = (int) pos;
            int i1 = Math.min(i0 + 1, src.length - 1);
            double f = pos - i0;
            out[i] = (float) ((1 - f) * src[i0] + f * src[i1]);
        }
        return new Audio(rate, out);
    }
}
