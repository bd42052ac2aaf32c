package org.sonograd.io.data;

import java.util.List;
import org.sonograd.io.audio.Audio;
import org.sonograd.io.audio.AudioFiles;
import org.sonograd.io.audio.LogMel;
import org.sonograd.io.read.Datasets;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.read.VideoAudioPair;
import org.sonograd.io.read.Video;
import org.sonograd.io.read.VideoFiles;

/**
 * Paired video+audio ({@link Datasets#pairedVideoAudio}): sample i, window starting at frame s, is
 * frames s .. s+T−1 (grey, resized to {@code height×width}) with the audio of
 * [s/fps, (s+T)/fps) resampled to {@code sampleRate} and its log-mel spectrogram (25 ms windows,
 * 10 ms hop, 64 bands).
 */
public final class AudioVisualClips {
    private final List<VideoAudioPair> pairs;
    private final int frames;
    private final int height;
    private final int width;
    private final int sampleRate;

    /** The pairs in {@code root}; clips of {@code frames} frames of {@code height×width}, audio at {@code sampleRate} Hz. */
    public AudioVisualClips(java.nio.file.Path root, int frames, int height, int width, int sampleRate) {
        if (frames < 1 || height < 1 || width < 1 || sampleRate < 1) {
            throw new IllegalArgumentException("AudioVisualClips(" + root + "): need frames, size and rate >= 1; got "
                    + frames + " frames " + height + "x" + width + " at " + sampleRate + " Hz");
        }
        this.pairs = Datasets.pairedVideoAudio(root);
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.sampleRate = sampleRate;
    }

    /** Number of video+audio pairs. */
    public int size() {
        return pairs.size();
    }

    /** The video+audio pairs, sorted by video path. */
    public List<VideoAudioPair> pairs() {
        return pairs;
    }

    /** Pair {@code index}, window starting at frame {@code start}. */
    public AudioVisualSample load(int index, int start) {
        VideoAudioPair pair = pairs.get(index);
        int[] indices = new int[frames];
        for (int t = 0; t < frames; t++) {
            indices[t] = start + t;
        }
        Video video = VideoFiles.readFrames(pair.video(), false, height, width, indices);
        if (!(video.fps() > 0)) {
            throw new SampleException(pair.video(), "unknown frame rate, cannot align the audio");
        }
        double from = start / video.fps();
        double to = (start + frames) / video.fps();
        Audio whole = AudioFiles.read(pair.audio(), sampleRate);
        int first = (int) Math.round(from * sampleRate);
        int count = (int) Math.round(to * sampleRate) - first;
        float[] window = new float[count];
        int available = Math.max(0, Math.min(count, whole.samples().length - first));
        if (available > 0) {
            System.arraycopy(whole.samples(), first, window, 0, available);
        }
        Audio audio = new Audio(sampleRate, window);
        return new AudioVisualSample(video, audio, LogMel.compute(audio), from, to);
    }
}
