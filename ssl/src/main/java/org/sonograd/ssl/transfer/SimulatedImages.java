package org.sonograd.ssl.transfer;

import java.util.List;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.ssl.data.Videos;

/**
 * Frames of simulated clips ({@code sim:lung}, {@code sim:echo}, {@code sim:breast}) as a task set:
 * {@code frames} frames per clip at {@code fps}, each with the clip's class and the frame's label map;
 * the group is the clip.
 */
public final class SimulatedImages {
    private SimulatedImages() {}

    /** {@code clips} clips of {@code source} simulated at {@code size²} with simulator seed {@code seed}. */
    public static TaskImages simulate(String source, long seed, int clips, int frames, double fps, int size) {
        Videos v = Videos.fromSource(source, seed, clips, new ClipSpec(frames, size, size, fps));
        Clip first = v.clip(0);
        List<String> maskClasses = first.masks() == null ? null : first.maskClasses();
        ImagePreparation.Builder b = new ImagePreparation.Builder(size, first.classes(), maskClasses);
        for (int c = 0; c < v.size(); c++) {
            Clip clip = v.clip(c);
            for (int t = 0; t < clip.frames(); t++) {
                b.add(clip.frame(t), size, size, maskClasses == null ? null : clip.mask(t), clip.label(), c,
                        source + "/" + c + "#" + t);
            }
        }
        return b.build();
    }
}
