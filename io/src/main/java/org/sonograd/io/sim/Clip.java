package org.sonograd.io.sim;

import java.util.List;
import java.util.Map;
import org.sonograd.tensor.Tensor;

/**
 * A simulated clip in memory: frames, masks and labels.
 *
 * @param pixels       {@code frames·height·width} intensities in [0, 1], frame-major
 * @param masks        {@code frames·height·width} mask classes (index into {@code maskClasses})
 * @param label        clip class (index into {@code classes})
 * @param frameLabels  per-frame class (index into {@code frameClasses}) or null
 * @param gaze         eye-gaze samples (fetal only) or null
 * @param script       sonographer narration (fetal only; empty otherwise)
 * @param keyFrames    named frames, e.g. "ED" and "ES" for echo
 */
public record Clip(SceneKind scene, long seed, int index, int frames, int height, int width, double fps,
                   float[] pixels, byte[] masks, int label, List<String> classes, int[] frameLabels,
                   List<String> frameClasses, List<String> maskClasses, Gaze gaze, List<Utterance> script,
                   Map<String, Integer> keyFrames) {

    /** The frames as an F32 tensor {@code [T, H, W]}. */
    public Tensor framesTensor() {
        return Tensor.of(pixels, frames, height, width);
    }

    /** The masks as an F32 tensor {@code [T, H, W]} of class indices. */
    public Tensor masksTensor() {
        float[] m = new float[masks.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = masks[i];
        }
        return Tensor.of(m, frames, height, width);
    }

    /** A copy of frame {@code t}. */
    public float[] frame(int t) {
        return java.util.Arrays.copyOfRange(pixels, t * height * width, (t + 1) * height * width);
    }

    /** A copy of the mask of frame {@code t}. */
    public byte[] mask(int t) {
        return java.util.Arrays.copyOfRange(masks, t * height * width, (t + 1) * height * width);
    }

    /** The clip's class name. */
    public String labelName() {
        return classes.get(label);
    }
}
