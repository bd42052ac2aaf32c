package org.sonograd.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.audio.Audio;
import org.sonograd.io.audio.WavFiles;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.ClipWriter;
import org.sonograd.io.sim.SceneKind;

class AudioVisualClipsTest {
    private static final int RATE = 16_000;

    /** Silence except a 2 kHz sine of amplitude 0.5 between 0.4 s and 0.8 s; 1.2 s long. */
    private static Audio toneBurst() {
        float[] s = new float[(int) (1.2 * RATE)];
        for (int i = (int) (0.4 * RATE); i < (int) (0.8 * RATE); i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * 2000 * i / RATE));
        }
        return new Audio(RATE, s);
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    @Test
    void clipComesWithTheLogMelOfItsOwnTimeSpan(@TempDir Path dir) {
        // 12 frames at 10 fps = 1.2 s of fetal video; our own narration file with a tone at 0.4–0.8 s
        ClipWriter.write(dir, SceneKind.FETAL, 9, 1, new ClipSpec(12, 32, 32, 10), false);
        WavFiles.write(dir.resolve("fetal_0000.wav"), toneBurst());
        AudioVisualClips data = new AudioVisualClips(dir, 4, 24, 24, RATE);
        assertEquals(1, data.size());

        AudioVisualSample tone = data.load(0, 4);
        assertArrayEquals(new int[] {4, 5, 6, 7}, tone.video().indices());
        assertEquals(24, tone.video().frames().getFirst().height());
        assertEquals(0.4, tone.startSeconds(), 1e-12);
        assertEquals(0.8, tone.endSeconds(), 1e-12);
        assertEquals(6400, tone.audio().samples().length);
        double rms = 0;
        for (float x : tone.audio().samples()) {
            rms += x * x;
        }
        assertEquals(0.5 / Math.sqrt(2), Math.sqrt(rms / 6400), 1e-3, "the window is exactly the tone burst");
        // 25 ms windows every 10 ms: 1 + (6400 − 400) / 160 = 38 frames, 64 bands
        assertEquals(64, tone.logMel().length);
        assertEquals(38, tone.logMel()[0].length);
        // the loudest band is the one whose centre is nearest 2 kHz on the HTK mel scale
        int loudest = 0;
        for (int b = 0; b < 64; b++) {
            if (tone.logMel()[b][19] > tone.logMel()[loudest][19]) {
                loudest = b;
            }
        }
        double step = mel(RATE / 2.0) / 65;
        assertEquals(mel(2000), step * (loudest + 1), step, "band " + loudest + " centre");

        AudioVisualSample silent = data.load(0, 0);
        for (float[] band : silent.logMel()) {
            for (float e : band) {
                assertEquals((float) Math.log(1e-10), e, 0f, "silence before the burst: ln(eps)");
            }
        }
        // past the end of the audio the window is zero-padded: frames 8..11 = 0.8–1.2 s is silent too
        assertEquals(0, data.load(0, 8).audio().samples()[0]);
    }

    @Test
    void videoWithoutAudioNamesTheVideo(@TempDir Path dir) throws Exception {
        ClipWriter.write(dir, SceneKind.LUNG, 9, 1, new ClipSpec(2, 16, 16, 10), false);
        SampleException e = assertThrows(SampleException.class, () -> new AudioVisualClips(dir, 2, 16, 16, RATE));
        assertTrue(e.getMessage().startsWith(dir.resolve("lung_0000.mp4").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no audio file lung_0000."), e.getMessage());
        Files.write(dir.resolve("lung_0000.mp3"), new byte[0]);
        AudioVisualClips data = new AudioVisualClips(dir, 2, 16, 16, RATE);
        SampleException empty = assertThrows(SampleException.class, () -> data.load(0, 0));
        assertTrue(empty.getMessage().startsWith(dir.resolve("lung_0000.mp3").toString()), empty.getMessage());
    }
}
