package org.sonograd.ssl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.kernels.Parallel;

class ResumeAndDeterminismTest {
    @TempDir
    Path runs;

    @Test
    void resumingFromAMidRunCheckpointReproducesTheUninterruptedRunBitForBit() throws Exception {
        Trainer.Result full = Pretraining.run(TinyRuns.tree("full", 6, 3), runs, false, true);
        Trainer.Result part = Pretraining.run(TinyRuns.tree("cut", 6, 3), runs, false, true);
        assertEquals(full.sha256(), part.sha256(), "same config and seed must give the same checkpoint");
        // Simulate a crash after the step-3 checkpoint: later checkpoints never happened.
        RunFolder cut = RunFolder.of(runs, "cut");
        Files.delete(cut.checkpoint(6));
        Trainer.Result resumed = Pretraining.run(TinyRuns.tree("cut", 6, 3), runs, true, true);
        assertEquals(full.sha256(), resumed.sha256());
        List<JsonNode> log = MetricsLog.read(cut.metrics());
        assertEquals(6, log.size(), "the resumed log has each step once");
        for (int s = 0; s < 6; s++) {
            assertEquals(s, log.get(s).get("step").asLong());
        }
        assertEquals(MetricsLog.read(RunFolder.of(runs, "full").metrics()).get(5).get("loss").asDouble(),
                log.get(5).get("loss").asDouble());
    }

    @Test
    void videoSpeechResumesBitIdenticallyWithItsMomentumEncoder() throws Exception {
        Trainer.Result full = Pretraining.run(TinyRuns.tree("vs-full", 4, 2, "recipe=video-speech"), runs, false, true);
        Pretraining.run(TinyRuns.tree("vs-cut", 4, 2, "recipe=video-speech"), runs, false, true);
        Files.delete(RunFolder.of(runs, "vs-cut").checkpoint(4));
        Trainer.Result resumed = Pretraining.run(TinyRuns.tree("vs-cut", 4, 2, "recipe=video-speech"), runs, true, true);
        assertEquals(full.sha256(), resumed.sha256());
    }

    @Test
    void aDifferentSeedGivesADifferentCheckpoint() throws Exception {
        Trainer.Result a = Pretraining.run(TinyRuns.tree("a", 2, 2), runs, false, true);
        Trainer.Result b = Pretraining.run(TinyRuns.tree("b", 2, 2, "seed=2"), runs, false, true);
        assertNotEquals(a.sha256(), b.sha256());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameCheckpoint() throws Exception {
        Assumptions.assumeTrue(Parallel.threads() >= 2, "needs a pool of 2 threads (SONOGRAD_THREADS or 2 cores)");
        int before = Parallel.maxThreads();
        try {
            Trainer.Result one = Pretraining.run(TinyRuns.tree("t1", 3, 3, "train.threads=1"), runs, false, true);
            Trainer.Result two = Pretraining.run(TinyRuns.tree("t2", 3, 3, "train.threads=2"), runs, false, true);
            assertEquals(one.sha256(), two.sha256());
        } finally {
            Parallel.setMaxThreads(before);
        }
    }

    @Test
    void theThreeDReorderTransformResumesBitIdenticallyOnOneOrTwoThreads() throws Exception {
        Assumptions.assumeTrue(Parallel.threads() >= 2, "needs a pool of 2 threads (SONOGRAD_THREADS or 2 cores)");
        int before = Parallel.maxThreads();
        try {
            Trainer.Result one = Pretraining.run(TinyRuns.tree("3d-1", 4, 2, "model.arch=cnn3d", "train.threads=1"), runs,
                    false, true);
            Pretraining.run(TinyRuns.tree("3d-2", 4, 2, "model.arch=cnn3d", "train.threads=2"), runs, false, true);
            Files.delete(RunFolder.of(runs, "3d-2").checkpoint(4));
            Trainer.Result resumed = Pretraining.run(TinyRuns.tree("3d-2", 4, 2, "model.arch=cnn3d", "train.threads=2"), runs,
                    true, true);
            assertEquals(one.sha256(), resumed.sha256());
        } finally {
            Parallel.setMaxThreads(before);
        }
    }

    @Test
    void stepsLeaveNoTensorBehind() throws Exception {
        Pretraining.run(TinyRuns.tree("mem", 5, 5), runs, false, true);
        List<JsonNode> log = MetricsLog.read(RunFolder.of(runs, "mem").metrics());
        long afterFirst = log.get(0).get("live_bytes").asLong();
        for (JsonNode r : log) {
            assertEquals(afterFirst, r.get("live_bytes").asLong(), "live off-heap bytes after step " + r.get("step"));
        }
    }

    @Test
    void startingOverAnExistingRunIsRefused() throws Exception {
        Pretraining.run(TinyRuns.tree("twice", 2, 2), runs, false, true);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Pretraining.run(TinyRuns.tree("twice", 2, 2), runs, false, true));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameBits() throws Exception {
        long steps = 24;
        Trainer.Result reference = Pretraining.run(TinyRuns.tree("reference", steps, 4), runs, false, true);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.sonograd.ssl.cli.Sonograd", "pretrain", "--quiet",
                "--runs", runs.toString()));
        for (String s : TinyRuns.settings("killed", steps, 4)) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(runs.resolve("child.log").toFile()).start();
        RunFolder killed = RunFolder.of(runs, "killed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(killed.checkpoint(4)) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor();
        assertTrue(Files.exists(killed.checkpoint(4)), "the child wrote no checkpoint: " + Files.readString(runs.resolve("child.log")));
        assertFalse(Files.exists(killed.checkpoint(steps)), "the child finished before it was killed; nothing was tested");

        Trainer.Result resumed = Pretraining.run(TinyRuns.tree("killed", steps, 4), runs, true, true);
        assertEquals(reference.sha256(), resumed.sha256());
    }
}
