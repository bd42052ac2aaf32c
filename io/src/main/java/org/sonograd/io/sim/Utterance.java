package org.sonograd.io.sim;

/**
 * One sentence of the sonographer's narration, starting {@code start} seconds into the video.
 *
 * @param plane the frame class it talks about, or -1 for unrelated talk
 */
public record Utterance(double start, String text, int plane) {
}
