package org.sonograd.ssl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.kernels.Parallel;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;

/** discovr (EMA teachers, centres, masks keyed by (seed, step)) resumes bit-identically and ignores the thread count. */
class DiscovrResumeTest {
    /**
     * 4 clips of 4 frames, 16×16 frames in 8×8 patches, 2-frame clips of one tubelet (4 tokens), 2 views with half
     * the tokens masked, two cropped, flipped and jittered global views from their own start frames (keyed draws), the heads'
     * last layers frozen until step 3 (after the cut, so their optimiser state first appears in the resumed run) and the
     * teacher momentum on its cosine to 1.
     */
    private static final String[] TINY = {"recipe=discovr", "data.frames=4", "data.size=16", "model.vit.inputSize=16",
        "model.vit.patch=8", "model.vit.clipFrames=2", "discovr.views=2", "discovr.maskRatio=0.5", "discovr.imageMaskRatio=0.5",
        "discovr.cropScale=0.5", "discovr.intensityJitter=0.2", "discovr.globalViews=2", "discovr.flip=true",
        "discovr.temporalViews=true", "discovr.freezeLastLayerSteps=3", "discovr.momentumFinal=1.0",
        "discovr.outputs=16", "discovr.headHidden=16", "discovr.headBottleneck=8", "discovr.prototypes=8",
        "discovr.decoderDim=16", "discovr.decoderDepth=1"};

    @TempDir
    Path runs;

    private static String[] with(String... extra) {
        String[] all = Arrays.copyOf(TINY, TINY.length + extra.length);
        System.arraycopy(extra, 0, all, TINY.length, extra.length);
        return all;
    }

    @Test
    void resumingMidRunReproducesTheUninterruptedRunAndItsTeachersAndCentres() throws Exception {
        Trainer.Result full = Pretraining.run(TinyRuns.tree("d-full", 4, 2, TINY), runs, false, true);
        Pretraining.run(TinyRuns.tree("d-cut", 4, 2, TINY), runs, false, true);
        RunFolder cut = RunFolder.of(runs, "d-cut");
        Files.delete(cut.checkpoint(4));
        Trainer.Result resumed = Pretraining.run(TinyRuns.tree("d-cut", 4, 2, TINY), runs, true, true);
        assertEquals(full.sha256(), resumed.sha256());
        try (MemoryScope scope = MemoryScope.open()) {
            var tensors = Safetensors.read(full.checkpoint()).tensors();
            assertTrue(tensors.containsKey("model.video_centre") && tensors.containsKey("model.image_centre"));
            assertTrue(tensors.get("model.video_centre").abs().sum().item() > 0, "the centre moved");
            assertTrue(tensors.keySet().stream().anyMatch(k -> k.startsWith("model.video_teacher.")));
        }
        List<String> parts = List.of("video_dino", "image_dino", "cluster", "koleo", "video_teacher_entropy", "image_teacher_entropy",
                "teacher_temperature");
        var log = MetricsLog.read(cut.metrics());
        for (String p : parts) {
            assertTrue(log.get(3).has(p), "metrics log has " + p);
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameCheckpoint() throws Exception {
        Assumptions.assumeTrue(Parallel.threads() >= 2, "needs a pool of 2 threads (SONOGRAD_THREADS or 2 cores)");
        int before = Parallel.maxThreads();
        try {
            Trainer.Result one = Pretraining.run(TinyRuns.tree("d-t1", 2, 2, with("train.threads=1")), runs, false, true);
            Trainer.Result two = Pretraining.run(TinyRuns.tree("d-t2", 2, 2, with("train.threads=2")), runs, false, true);
            assertEquals(one.sha256(), two.sha256());
        } finally {
            Parallel.setMaxThreads(before);
        }
    }
}
