package org.sonograd.io.sim;

import java.util.List;
import org.sonograd.kernels.Parallel;

/**
 * The embedded dataset: clip {@code index} of scene {@code kind} with seed {@code seed}, rendered in
 * memory. A clip is a pure function of (kind, seed, index, spec); frames are rendered in parallel,
 * each from its own keyed noise stream, so the result does not depend on the thread count.
 */
public final class Simulator {
    private Simulator() {
    }

    /** Simulates one clip. */
    public static Clip clip(SceneKind kind, long seed, int index, ClipSpec spec) {
        ScenePlan plan = kind.scene().plan(seed, index, spec);
        int n = spec.frames();
        int hw = spec.height() * spec.width();
        float[] pixels = new float[n * hw];
        byte[] masks = new byte[n * hw];
        BModeImager imager = plan.imager();
        Parallel.forEach(n, t -> imager.render(plan.phantoms()[t], plan.poses()[t], plan.times()[t], plan.field(),
                KeyedRandom.of(seed, index, t, KeyedRandom.tag("rf-noise")), pixels, t * hw, masks, t * hw));
        Gaze gaze = null;
        List<Utterance> script = List.of();
        if (plan.landmarks() != null) {
            gaze = Gaze.simulate(Gaze.project(plan), spec.height(), spec.width(), spec.fps(),
                    KeyedRandom.of(seed, index, KeyedRandom.tag("gaze")));
            script = NarrationScript.write(plan.frameLabels(), plan.landmarks(), spec.fps(),
                    KeyedRandom.of(seed, index, KeyedRandom.tag("narration")));
        }
        return new Clip(kind, seed, index, n, spec.height(), spec.width(), spec.fps(), pixels, masks, plan.label(),
                plan.classes(), plan.frameLabels(), plan.frameClasses(), plan.maskClasses(), gaze, script,
                plan.keyFrames());
    }
}
