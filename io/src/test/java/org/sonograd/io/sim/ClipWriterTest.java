package org.sonograd.io.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.audio.Audio;
import org.sonograd.io.audio.WavFiles;
import org.sonograd.io.read.DatasetEntry;
import org.sonograd.io.read.Datasets;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.Picture;
import org.sonograd.io.read.Video;
import org.sonograd.io.read.VideoFiles;

class ClipWriterTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesReadBackAsTheSimulatedClip() throws Exception {
        ClipSpec spec = new ClipSpec(12, 64, 64, 10);
        ClipWriter.write(dir, SceneKind.FETAL, 3, 2, spec, true);
        List<DatasetEntry> entries = Datasets.simulated(dir);
        assertEquals(2, entries.size());
        for (DatasetEntry e : entries) {
            String name = e.file().getFileName().toString();
            int index = Integer.parseInt(name.substring(name.indexOf('_') + 1, name.indexOf('.')));
            Clip c = Simulator.clip(SceneKind.FETAL, 3, index, spec);
            assertEquals(c.label(), e.label());
            Video v = VideoFiles.readAll(e.file(), false);
            assertEquals(12, v.totalFrames());
            assertEquals(10.0, v.fps(), 1e-6);
            // lossy MPEG-4: mean absolute error small against the frames that were written
            for (int t : new int[] {0, 11}) {
                Picture p = v.frames().get(t);
                double err = 0;
                for (int i = 0; i < 64 * 64; i++) {
                    err += Math.abs(p.pixels()[i] - c.pixels()[t * 64 * 64 + i]);
                }
                double ma = 0, mb = 0; for (int i = 0; i < 4096; i++) { ma += p.pixels()[i]; mb += c.pixels()[t*4096+i]; }
                assertTrue(err / (64 * 64) < 0.03, "frame " + t + " mean abs error " + err / 4096);
            }
            assertEquals(12, e.masks().size());
            Picture m = ImageFiles.read(e.masks().get(5), false);
            for (int i = 0; i < 64 * 64; i++) {
                assertEquals(c.masks()[5 * 4096 + i], Math.round(m.pixels()[i] * 255), "mask pixel " + i);
            }
            String json = Files.readString(dir.resolve(e.file().getFileName().toString().replace(".mp4", ".json")));
            assertTrue(json.contains("\"frame_labels\": " + java.util.Arrays.toString(c.frameLabels())));
            Path wav = dir.resolve(e.file().getFileName().toString().replace(".mp4", ".wav"));
            if (!c.script().isEmpty()) {
                Audio a = WavFiles.read(wav);
                assertEquals(16000, a.sampleRate());
                assertEquals(1.2, a.seconds(), 1e-3);
            }
        }
    }
}
