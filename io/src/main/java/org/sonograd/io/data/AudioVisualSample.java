package org.sonograd.io.data;

import org.sonograd.io.audio.Audio;
import org.sonograd.io.read.Video;

/**
 * A video clip with the audio of the same time span.
 *
 * @param video         the frames (stream indices {@code start .. start+T-1})
 * @param audio         the audio samples from {@code startSeconds} to {@code endSeconds}, zero-padded past the file's end
 * @param logMel        {@code [bands][frames]} log-mel spectrogram of {@code audio}
 * @param startSeconds  start of the window: first frame index / fps
 * @param endSeconds    end of the window: (last frame index + 1) / fps
 */
public record AudioVisualSample(Video video, Audio audio, float[][] logMel, double startSeconds, double endSeconds) {
}
