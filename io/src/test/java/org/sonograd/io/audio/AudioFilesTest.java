package org.sonograd.io.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.dsp.Fft;
import org.sonograd.io.read.SampleException;

class AudioFilesTest {
    private static final int SOURCE_RATE = 44_100;
    private static final double TONE_HZ = 1000;
    private static final double SECONDS = 1.0;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    /** A 1 kHz sine of amplitude 0.5, 1 s at 44.1 kHz, encoded by FFmpeg with {@code codec} into {@code format}. */
    private static void writeTone(Path file, String format, int codec) throws Exception {
        int n = (int) (SOURCE_RATE * SECONDS);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * TONE_HZ * i / SOURCE_RATE));
        }
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
            r.setFormat(format);
            r.setAudioCodec(codec);
            r.setSampleRate(SOURCE_RATE);
            r.setAudioBitrate(128_000);
            r.start();
            r.recordSamples(SOURCE_RATE, 1, ShortBuffer.wrap(s));
            r.stop();
        }
    }

    /** Frequency of the largest FFT bin of 8192 samples from the middle of {@code a}. */
    private static double peakHz(Audio a) {
        int n = 8192;
        int from = (a.samples().length - n) / 2;
        float[] re = new float[n];
        float[] im = new float[n];
        for (int i = 0; i < n; i++) {
            re[i] = (float) (a.samples()[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n)));
        }
        new Fft(n).transform(re, im, false);
        int best = 1;
        for (int k = 1; k <= n / 2; k++) {
            if (Math.hypot(re[k], im[k]) > Math.hypot(re[best], im[best])) {
                best = k;
            }
        }
        return best * (double) a.sampleRate() / n;
    }

    private static double rms(Audio a) {
        double s = 0;
        for (float x : a.samples()) {
            s += x * x;
        }
        return Math.sqrt(s / a.samples().length);
    }

    private static void checkTone(Path file, int rate, double durationTolerance) {
        Audio a = AudioFiles.read(file, rate);
        assertEquals(rate, a.sampleRate());
        assertEquals(SECONDS, a.seconds(), durationTolerance, file + " duration");
        // one FFT bin is rate/8192 Hz wide (1.95 Hz at 16 kHz)
        assertEquals(TONE_HZ, peakHz(a), 1.5 * rate / 8192.0, file + " tone frequency");
        // sine of amplitude 0.5: rms 0.5/sqrt(2), slightly less over the whole file (edges of the encoder)
        assertEquals(0.5 / Math.sqrt(2), rms(a), 0.03, file + " rms");
    }

    @Test
    void flacAndMp3AreDecodedResampledAndKeepTheTone(@TempDir Path dir) throws Exception {
        Path flac = dir.resolve("tone.flac");
        Path mp3 = dir.resolve("tone.mp3");
        writeTone(flac, "flac", avcodec.AV_CODEC_ID_FLAC);
        writeTone(mp3, "mp3", avcodec.AV_CODEC_ID_MP3);
        checkTone(flac, 16_000, 0.002); // lossless: exact length but for the resampler's filter delay (~16 samples)
        checkTone(mp3, 16_000, 0.06); // mp3 adds encoder delay and padding (< 2 frames of 1152)
        checkTone(flac, 22_050, 0.002);
    }

    @Test
    void wavGoesThroughItsOwnReaderAndIsResampled(@TempDir Path dir) {
        int n = 8000;
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * TONE_HZ * i / 8000.0));
        }
        Path wav = dir.resolve("tone.wav");
        WavFiles.write(wav, new Audio(8000, s));
        Audio a = AudioFiles.read(wav, 16_000);
        assertEquals(16_000, a.samples().length);
        assertEquals(TONE_HZ, peakHz(a), 2.0);
    }

    @Test
    void emptyCorruptAndMissingAudioNameTheFile(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.mp3");
        Files.write(empty, new byte[0]);
        Path junk = dir.resolve("junk.flac");
        Files.write(junk, "this is not audio at all, just text in a file".repeat(20).getBytes());
        for (Path p : new Path[] {empty, junk, dir.resolve("missing.mp3")}) {
            SampleException e = assertThrows(SampleException.class, () -> AudioFiles.read(p, 16_000));
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
    }
}
