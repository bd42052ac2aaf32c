package org.sonograd.io.read;

import java.nio.file.Path;

/**
 * A video and the audio recorded with it (e.g. an ultrasound sweep and the sonographer's narration).
 *
 * @param video the video file
 * @param audio the audio file of the same stem beside it
 * @param stem  the shared file name without extension
 */
public record VideoAudioPair(Path video, Path audio, String stem) {
}
