package org.sonograd.io.audio;

/**
 * Energy-based voice-activity detection: frame energy in dB (10 ms frames, 25 ms windows) against
 * an adaptive threshold {@code noise floor + margin}, the floor being the 10th percentile of the
 * frame energies; decisions are smoothed by a hangover (a speech frame keeps the next
 * {@code hangover} frames active) and runs shorter than {@code minFrames} are dropped.
 */
public final class VoiceActivity {
    private VoiceActivity() {
    }

    /** One flag per 10 ms hop: true = speech. Empty audio is an error. */
    public static boolean[] detect(Audio audio, double marginDb, int hangover, int minFrames) {
        int rate = audio.sampleRate();
        int window = Math.round(0.025f * rate);
        int hop = Math.round(0.010f * rate);
        float[] x = audio.samples();
        if (x.length == 0) {
            throw new IllegalArgumentException("VoiceActivity: empty audio");
        }
        int frames = x.length < window ? 1 : 1 + (x.length - window) / hop;
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            double e = 0;
            int end = Math.min(x.length, f * hop + window);
            for (int i = f * hop; i < end; i++) {
                e += x[i] * x[i];
            }
            db[f] = 10 * Math.log10(1e-12 + e / Math.max(1, end - f * hop));
        }
        double[] sorted = db.clone();
        java.util.Arrays.sort(sorted);
        double threshold = sorted[(int) (0.1 * (frames - 1))] + marginDb;
        boolean[] active = new boolean[frames];
        int hold = 0;
        for (int f = 0; f < frames; f++) {
            if (db[f] > threshold) {
                hold = hangover + 1;
            }
            active[f] = hold-- > 0;
        }
        int f = 0;
        while (f < frames) {
            if (!active[f]) {
                f++;
                continue;
            }
            int start = f;
            while (f < frames && active[f]) {
                f++;
            }
            if (f - start < minFrames) {
                java.util.Arrays.fill(active, start, f, false);
            }
        }
        return active;
    }
}
