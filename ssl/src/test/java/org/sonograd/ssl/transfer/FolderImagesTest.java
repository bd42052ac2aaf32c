package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.read.ImageFiles;
import org.sonograd.io.read.VideoFiles;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;

class FolderImagesTest {
    @Test
    void imagesAndVideosOfAClassFolderBecomeGroupedSamplesAndTheProbeRuns(@TempDir Path root) throws Exception {
        TaskImages stripes = ClassificationTransferTest.stripes(12, 16);
        for (String c : List.of("horizontal", "vertical")) {
            Files.createDirectories(root.resolve(c));
        }
        for (int i = 0; i < stripes.count(); i++) {
            String c = stripes.classes().get(stripes.labels()[i]);
            ImageFiles.writeGreyPng(root.resolve(c).resolve("img" + i + ".png"), 16, 16, stripes.raw(), i * 256);
        }
        float[] clip = new float[5 * 16 * 16];
        System.arraycopy(stripes.raw(), 0, clip, 0, 256); // a 5-frame video of horizontal stripes
        VideoFiles.writeGrey(root.resolve("horizontal").resolve("clip.mp4"), clip, 5, 16, 16, 5);
        ImageFiles.writeGreyPng(root.resolve("vertical").resolve("img0_mask.png"), 16, 16, stripes.raw(), 0);

        TaskImages d = FolderImages.load(root, 16, 3);
        assertEquals(List.of("horizontal", "vertical"), d.classes());
        assertEquals(stripes.count() + 3, d.count(), "each image once, 3 frames of the video, the mask skipped");
        long videoGroups = java.util.stream.IntStream.range(0, d.count()).filter(i -> d.ids().get(i).contains("clip.mp4"))
                .map(i -> d.groups()[i]).distinct().count();
        assertEquals(1, videoGroups, "the video's frames share one group");

        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, List.of("model.width=4", "model.groups=2",
                "transfer.seeds=2", "transfer.folds=3")));
        TaskResult r = ProbeFolder.run("random", cfg.model(), d, cfg.transfer());
        assertEquals(2, r.seeds());
        long tested = 0;
        for (long[] row : r.confusion()) {
            for (long v : row) {
                tested += v;
            }
        }
        assertTrue(tested > 0 && tested < d.count(), "two folds of three were tested: " + tested);
    }
}
