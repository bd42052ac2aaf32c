package org.sonograd.io.read;

import java.util.List;
import org.sonograd.tensor.Tensor;

/**
 * Decoded video frames.
 *
 * @param fps          the stream's frame rate
 * @param totalFrames  frames in the stream (as decoded)
 * @param indices      the stream index of each returned frame
 * @param frames       the frames, all of one size and channel count
 */
public record Video(double fps, int totalFrames, int[] indices, List<Picture> frames) {
    /** The frames as an F32 tensor {@code [T, C, H, W]}. */
    public Tensor toTensor() {
        Picture first = frames.getFirst();
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        float[] out = new float[frames.size() * c * h * w];
        for (int t = 0; t < frames.size(); t++) {
            Picture p = frames.get(t);
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h * w; i++) {
                    out[((t * c + ch) * h * w) + i] = p.pixels()[i * c + ch];
                }
            }
        }
        return Tensor.of(out, frames.size(), c, h, w);
    }
}
