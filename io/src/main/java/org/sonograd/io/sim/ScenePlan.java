package org.sonograd.io.sim;

import java.util.List;

/**
 * Everything a scene decides about one clip before rendering: the imager and scatterers, the
 * phantom, probe pose and time of every frame, and the labels.
 *
 * @param phantoms     phantom shown at each frame
 * @param poses        probe pose at each frame
 * @param times        time of each frame (s), which drives tissue motion
 * @param label        clip class (index into {@code classes})
 * @param frameLabels  per-frame class (index into {@code frameClasses}); null when not applicable
 * @param landmarks    per-frame landmarks for gaze and narration; null when not applicable
 * @param keyFrames    named frames such as "ED"/"ES"; may be empty
 */
public record ScenePlan(BModeImager imager, ScattererField field, Phantom[] phantoms, ProbePose[] poses,
                        double[] times, int label, List<String> classes, int[] frameLabels,
                        List<String> frameClasses, List<String> maskClasses, List<List<Landmark>> landmarks,
                        java.util.Map<String, Integer> keyFrames) {
}
