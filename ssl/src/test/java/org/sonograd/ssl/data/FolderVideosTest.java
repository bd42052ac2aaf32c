package org.sonograd.ssl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.read.BadSamplePolicy;
import org.sonograd.io.read.VideoFiles;
import org.sonograd.io.sim.ClipSpec;

/** The folder data source on real POCUS videos (a gif, an mp4 and an mpeg), a broken file, and the letterbox of a wide video. */
class FolderVideosTest {
    @TempDir
    Path root;

    private static Path pocus() {
        String env = System.getenv("SONOGRAD_DATA");
        Path data = env != null && !env.isBlank() ? Path.of(env)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path dir = data.resolve("pocus");
        if (!Files.isDirectory(dir)) {
            String reason = "skipping: real data folder " + dir + " is absent (set SONOGRAD_DATA)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }

    @Test
    void realVideosAreResampledToTheClipSpecAndLabelledByFolder() throws Exception {
        Path pocus = pocus();
        Files.createDirectories(root.resolve("covid"));
        Files.createDirectories(root.resolve("regular"));
        Files.createSymbolicLink(root.resolve("covid/a.gif"), pocus.resolve("covid/Cov-Atlas+(45).gif"));
        Files.createSymbolicLink(root.resolve("regular/b.mp4"), pocus.resolve("regular/Reg_liftl_case3_clip2.mp4"));
        Files.createSymbolicLink(root.resolve("regular/c.mpeg"), pocus.resolve("regular/Reg_pat1Image_133232.mpeg"));
        Files.writeString(root.resolve("regular/broken.mp4"), "not a video");
        BadSamplePolicy policy = new BadSamplePolicy(BadSamplePolicy.Mode.SKIP);
        Videos v = Videos.fromFolder(root, new ClipSpec(6, 24, 24, 10), policy);
        assertEquals(3, v.size());
        assertEquals(1, policy.skippedCount());
        assertTrue(policy.skippedMessages().getFirst().contains("broken.mp4"), policy.skippedMessages().getFirst());
        int[] labels = {0, 1, 1};
        for (int i = 0; i < v.size(); i++) {
            assertEquals(labels[i], v.clip(i).label());
            assertEquals(6, v.clip(i).frames());
            float[] px = v.clip(i).pixels();
            assertEquals(6 * 24 * 24, px.length);
            double min = 1;
            double max = 0;
            for (float p : px) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            assertTrue(min >= 0 && max <= 1 && max - min > 0.2, "grey [0, 1] with content: " + min + ".." + max);
            // evenly spaced frames of a moving clip differ
            float[] first = v.clip(i).frame(0);
            float[] last = v.clip(i).frame(5);
            double diff = 0;
            for (int k = 0; k < first.length; k++) {
                diff += Math.abs(first[k] - last[k]);
            }
            assertTrue(diff > 0, "clip " + i + ": first and last frames are the same");
        }
        assertEquals("regular", v.clip(2).labelName());
        assertEquals(3, Videos.fromSource("folder:" + root, 0, 0, new ClipSpec(6, 24, 24, 10)).size());
    }

    @Test
    void aWideVideoIsLetterboxedNotSquashed() throws Exception {
        // a 32×64 grey 0.6 video in a 16² clip: content 8×16 (the long side 64 → 16, the short one 32 → 8), top = (16 − 8)/2 = 4
        Files.createDirectories(root.resolve("a"));
        float[] grey = new float[4 * 32 * 64];
        Arrays.fill(grey, 0.6f);
        VideoFiles.writeGrey(root.resolve("a/wide.mp4"), grey, 4, 32, 64, 10);
        Videos v = Videos.fromFolder(root, new ClipSpec(4, 16, 16, 10), new BadSamplePolicy(BadSamplePolicy.Mode.FAIL));
        for (int t = 0; t < 4; t++) {
            float[] f = v.clip(0).frame(t);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float expected = y >= 4 && y < 12 ? 0.6f : 0f;
                    assertEquals(expected, f[y * 16 + x], expected == 0 ? 0 : 0.03, "frame " + t + " pixel (" + y + ", " + x + ")");
                }
            }
        }
    }
}
