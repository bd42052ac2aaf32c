package org.sonograd.io.audio;

import java.util.List;
import java.util.random.RandomGenerator;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.KeyedRandom;
import org.sonograd.io.sim.Utterance;

/**
 * The narration track of a simulated fetal clip: each {@link Utterance} spoken by FreeTTS (speaking
 * rate 140–180 words/min and pitch varied per clip) and placed at its start time, over room noise
 * (pink-ish noise from a one-pole low-pass of white noise, about −40 dBFS) with a slow hum. 16 kHz mono,
 * as long as the clip (speech that runs past the end is cut).
 */
public final class Narrator {
    /** Output rate. */
    public static final int RATE = 16000;

    private Narrator() {
    }

    /** The audio of {@code clip}'s script. */
    public static Audio narrate(Clip clip) {
        return narrate(clip.script(), clip.frames() / clip.fps(), clip.seed(), clip.index());
    }

    /** Speaks {@code script} into a track of {@code seconds}, deterministically from (seed, index). */
    public static Audio narrate(List<Utterance> script, double seconds, long seed, int index) {
        RandomGenerator r = KeyedRandom.of(seed, index, KeyedRandom.tag("narration-audio"));
        float wpm = 140 + 40 * r.nextFloat();
        float pitch = 95 + 30 * r.nextFloat();
        int n = (int) Math.round(seconds * RATE);
        float[] track = new float[n];
        float state = 0;
        double humPhase = r.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < n; i++) {
            state = 0.97f * state + 0.03f * (float) r.nextGaussian();
            track[i] = 0.05f * state + 0.002f * (float) Math.sin(humPhase + 2 * Math.PI * 50 * i / RATE);
        }
        for (Utterance u : script) {
            Audio speech = SpeechSynthesizer.speak(u.text(), wpm, pitch).resample(RATE);
            int start = (int) Math.round(u.start() * RATE);
            for (int i = 0; i < speech.samples().length && start + i < n; i++) {
                track[start + i] += 0.8f * speech.samples()[i];
            }
        }
        return new Audio(RATE, track);
    }
}
