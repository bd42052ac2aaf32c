package org.sonograd.io.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.sim.Utterance;

class AudioTest {
    @TempDir
    Path dir;

    @Test
    void wavRoundTripAndEmptyAudioIsAnErrorNamingTheFile() throws Exception {
        float[] s = new float[1600];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        Path f = dir.resolve("tone.wav");
        WavFiles.write(f, new Audio(16000, s));
        Audio back = WavFiles.read(f);
        assertEquals(16000, back.sampleRate());
        assertEquals(s.length, back.samples().length);
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], back.samples()[i], 1.0 / 32767);
        }
        Path empty = dir.resolve("empty.wav");
        WavFiles.write(empty, new Audio(16000, new float[0]));
        SampleException e = assertThrows(SampleException.class, () -> WavFiles.read(empty));
        assertTrue(e.getMessage().contains("empty.wav") && e.getMessage().contains("empty audio"), e.getMessage());
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "not a wave file at all");
        assertTrue(assertThrows(SampleException.class, () -> WavFiles.read(junk)).getMessage().contains("junk.wav"));
    }

    @Test
    void logMelPeaksInTheBandOfAPureTone() {
        int rate = 16000;
        float[] s = new float[rate / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(2 * Math.PI * 1000 * i / rate);
        }
        float[][] mel = LogMel.compute(new Audio(rate, s));
        assertEquals(64, mel.length);
        assertEquals(1 + (s.length - 400) / 160, mel[0].length);
        int best = 0;
        for (int b = 1; b < 64; b++) {
            if (mel[b][10] > mel[best][10]) {
                best = b;
            }
        }
        // band b is centred at hz(maxMel·(b+1)/65)
        double centre = LogMel.hz(LogMel.mel(8000) * (best + 1) / 65);
        assertTrue(Math.abs(centre - 1000) < 80, "peak band centred at " + centre + " Hz");
    }

    @Test
    void narrationIsSpeechWhereTheScriptSpeaksAndVadFindsIt() {
        List<Utterance> script = List.of(new Utterance(0.5, "Here is the femur.", 2),
                new Utterance(3.0, "Are you comfortable?", -1));
        Audio a = Narrator.narrate(script, 5.0, 1, 0);
        assertEquals(16000, a.sampleRate());
        assertEquals(80000, a.samples().length);
        boolean[] vad = VoiceActivity.detect(a, 10, 5, 10);
        int inside = 0;
        int outside = 0;
        for (int f = 0; f < vad.length; f++) {
            double t = f * 0.01;
            boolean speaking = (t >= 0.45 && t < 0.5 + 1.8) || (t >= 2.95 && t < 3.0 + 1.8);
            if (vad[f]) {
                if (speaking) {
                    inside++;
                } else {
                    outside++;
                }
            }
        }
        assertTrue(inside > 80, "speech frames found inside the utterances: " + inside);
        assertTrue(outside < 20, "speech frames found in silence: " + outside);
        assertTrue(vad[(int) (0.2 / 0.01)] == false, "room noise before the first sentence is not speech");
    }
}
