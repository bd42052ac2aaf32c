package org.sonograd.io.sim;

/**
 * What to simulate: {@code frames} frames of {@code height×width} at {@code fps} frames per second.
 */
public record ClipSpec(int frames, int height, int width, double fps) {
    public ClipSpec {
        if (frames < 1 || height < 8 || width < 8 || !(fps > 0)) {
            throw new IllegalArgumentException("ClipSpec: need frames >= 1, size >= 8x8, fps > 0; got "
                    + frames + " frames " + height + "x" + width + " at " + fps + " fps");
        }
    }

    /** A square clip at 15 frames per second. */
    public static ClipSpec of(int frames, int size) {
        return new ClipSpec(frames, size, size, 15);
    }

    /** Duration in seconds. */
    public double seconds() {
        return frames / fps;
    }
}
