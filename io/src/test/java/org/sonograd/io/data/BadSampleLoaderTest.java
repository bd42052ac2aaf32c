package org.sonograd.io.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.io.read.BadSamplePolicy;
import org.sonograd.io.read.DatasetEntry;
import org.sonograd.io.read.Datasets;
import org.sonograd.io.read.SampleException;
import org.sonograd.io.read.VideoFiles;

class BadSampleLoaderTest {
    /** {@code root/<a|b>/NN.mp4}: five good two-frame videos of constant grey k/10 and one corrupt file. */
    private static Path folder(Path root) throws Exception {
        for (int k = 0; k < 5; k++) {
            Path dir = Files.createDirectories(root.resolve(k % 2 == 0 ? "a" : "b"));
            float[] px = new float[2 * 16 * 16];
            java.util.Arrays.fill(px, k / 10f);
            VideoFiles.writeGrey(dir.resolve(k + ".mp4"), px, 2, 16, 16, 10);
        }
        byte[] junk = Files.readAllBytes(root.resolve("a/0.mp4"));
        Files.write(root.resolve("b/9.mp4"), java.util.Arrays.copyOf(junk, 40)); // header only: truncated
        return root;
    }

    private static Loader<Float, List<Float>> loader(List<DatasetEntry> entries, BadSamplePolicy policy, int workers) {
        Loader.Source<Float> source = (index, r) -> {
            float[] px = VideoFiles.readAll(entries.get(index).file(), false).frames().getFirst().pixels();
            return px[0];
        };
        return new Loader<>(entries.size(), 2, true, false, 3, workers, 2, source, List::copyOf, policy);
    }

    @Test
    void corruptFileIsSkippedAndCountedAndTheEpochGoesOn(@TempDir Path dir) throws Exception {
        List<DatasetEntry> entries = Datasets.folderPerClass(folder(dir), Set.of("mp4"));
        assertEquals(6, entries.size());
        for (int workers : new int[] {1, 2}) {
            BadSamplePolicy policy = new BadSamplePolicy(BadSamplePolicy.Mode.SKIP);
            List<Float> seen = new ArrayList<>();
            try (Loader<Float, List<Float>> loader = loader(entries, policy, workers)) {
                for (int epoch = 0; epoch < 2; epoch++) {
                    Iterator<List<Float>> it = loader.epoch(epoch);
                    int batches = 0;
                    while (it.hasNext()) {
                        seen.addAll(it.next());
                        batches++;
                    }
                    assertEquals(3, batches, "every batch of the epoch arrives");
                }
            }
            // both epochs deliver the five good videos (grey levels 0, .1, .2, .3, .4 up to MPEG-4 loss)
            assertEquals(10, seen.size());
            double sum = seen.stream().mapToDouble(Float::doubleValue).sum();
            assertEquals(2 * (0 + 0.1 + 0.2 + 0.3 + 0.4), sum, 0.05);
            assertEquals(2, policy.skippedCount(), "one skip per epoch");
            for (String m : policy.skippedMessages()) {
                assertTrue(m.startsWith(dir.resolve("b/9.mp4").toString()), m);
            }
        }
    }

    @Test
    void failPolicyStopsWithTheFileName(@TempDir Path dir) throws Exception {
        List<DatasetEntry> entries = Datasets.folderPerClass(folder(dir), Set.of("mp4"));
        try (Loader<Float, List<Float>> loader = loader(entries, new BadSamplePolicy(BadSamplePolicy.Mode.FAIL), 2)) {
            Iterator<List<Float>> it = loader.epoch(0);
            SampleException e = assertThrows(SampleException.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertTrue(e.getMessage().startsWith(dir.resolve("b/9.mp4").toString()), e.getMessage());
        }
    }
}
