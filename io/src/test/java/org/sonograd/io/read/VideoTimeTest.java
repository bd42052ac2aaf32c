package org.sonograd.io.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.ClipWriter;
import org.sonograd.io.sim.SceneKind;

class VideoTimeTest {
    @Test
    void framesNearestToTimesMatchTheFramesAtThoseIndices(@TempDir Path dir) throws Exception {
        // 12 frames at 10 fps: frame k is shown at k/10 s
        ClipWriter.write(dir, SceneKind.LUNG, 5, 1, new ClipSpec(12, 32, 32, 10), false);
        Path mp4 = dir.resolve("lung_0000.mp4");
        double[] times = {0.0, 0.34, 0.26, 0.549, 0.551, -1.0, 5.0};
        int[] expected = {0, 3, 3, 5, 6, 0, 11}; // round(10 t), clamped to [0, 11]
        Video byTime = VideoFiles.readAtTimes(mp4, false, 0, 0, times);
        assertArrayEquals(expected, byTime.indices());
        assertEquals(10.0, byTime.fps(), 1e-9);
        Video byIndex = VideoFiles.readFrames(mp4, false, 0, 0, expected);
        for (int i = 0; i < times.length; i++) {
            assertArrayEquals(byIndex.frames().get(i).pixels(), byTime.frames().get(i).pixels(), 0f,
                    "frame for t = " + times[i]);
        }
        // a request that ends early decodes only up to the first frame past the last time
        assertEquals(3, VideoFiles.readAtTimes(mp4, false, 16, 16, 0.1).totalFrames());
        assertEquals(16, VideoFiles.readAtTimes(mp4, false, 16, 16, 0.1).frames().getFirst().width());
    }

    @Test
    void corruptVideoByTimeNamesTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.mp4");
        Files.write(bad, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        SampleException e = assertThrows(SampleException.class, () -> VideoFiles.readAtTimes(bad, false, 0, 0, 1.0));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }
}
