package org.sonograd.io.audio;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.sonograd.io.read.Datasets;
import org.sonograd.io.read.SampleException;

/**
 * Audio files of any format: WAV through {@link WavFiles} (no FFmpeg needed, then
 * {@link Audio#resample}); everything else (mp3, flac, ogg, m4a, the audio track of a video, …)
 * through FFmpeg (JavaCV), which decodes, mixes down to mono and resamples (libswresample) to the
 * requested rate as 32-bit float.
 */
public final class AudioFiles {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private AudioFiles() {
    }

    /** Mono samples of {@code file} at {@code sampleRate} Hz; unreadable or empty audio is an error naming the file. */
    public static Audio read(Path file, int sampleRate) {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("AudioFiles.read(" + file + "): sample rate " + sampleRate + " < 1");
        }
        if (!Files.isRegularFile(file)) {
            throw new SampleException(file, "no such file");
        }
        if (Datasets.extension(file).equals("wav")) {
            return WavFiles.read(file).resample(sampleRate);
        }
        return readFfmpeg(file, sampleRate);
    }

    private static Audio readFfmpeg(Path file, int sampleRate) {
        float[] out = new float[1 << 16];
        int n = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            g.setAudioChannels(1);
            g.setSampleRate(sampleRate);
            g.start();
            if (g.getAudioStream() < 0) {
                throw new SampleException(file, "no audio stream");
            }
            for (Frame f = g.grabSamples(); f != null; f = g.grabSamples()) {
                FloatBuffer b = (FloatBuffer) f.samples[0];
                int m = b.remaining();
                if (n + m > out.length) {
                    out = Arrays.copyOf(out, Math.max(2 * out.length, n + m));
                }
                b.get(b.position(), out, n, m);
                n += m;
            }
            g.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (e instanceof SampleException se) {
                throw se;
            }
            throw new SampleException(file, "cannot decode audio (corrupt, truncated or unknown format)", e);
        }
        if (n == 0) {
            throw new SampleException(file, "empty audio (no decodable samples)");
        }
        return new Audio(sampleRate, Arrays.copyOf(out, n));
    }
}
