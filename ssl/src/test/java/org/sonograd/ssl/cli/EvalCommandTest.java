package org.sonograd.ssl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.ssl.transfer.Transfers;

/** {@code sonograd eval}: a run's encoder and a random one of the same architecture, on the tasks of its data. */
class EvalCommandTest {
    @TempDir
    Path runs;

    @Test
    void evaluatesTheRunAndItsRandomBaselineOnPlaneDetection() throws Exception {
        Pretraining.run(ConfigTree.resolve(null, List.of("name=tiny", "data.clips=4", "data.frames=16", "data.size=16",
                "model.width=4", "model.groups=2", "model.hidden=16", "train.batch=2", "train.steps=2", "train.warmupSteps=1",
                "train.checkpointEvery=2")), runs, false, true);
        Path run = runs.resolve("tiny");
        int exit = Sonograd.commandLine().execute("eval", run.toString(), "--task", "plane-detection", "--set", "transfer.seeds=1",
                "--set", "transfer.clips=8", "--set", "transfer.frames=4", "--set", "transfer.probeSteps=20",
                "--set", "transfer.fineTuneSteps=0");
        assertEquals(0, exit);
        String text = Files.readString(run.resolve("eval/plane-detection/results.txt"));
        Matcher probe = Pattern.compile("(?m)^(\\S+)\\s+probe\\s+accuracy (\\d\\.\\d+)").matcher(text);
        assertTrue(probe.find() && probe.group(1).equals("random"), text);
        assertTrue(probe.find() && probe.group(1).equals(run.toString()), text);
        double accuracy = Double.parseDouble(probe.group(2));
        assertTrue(accuracy >= 0 && accuracy <= 1, text);
    }

    @Test
    void theTasksFollowTheRunsData() {
        assertEquals(List.of("plane-detection", "saliency"), Transfers.tasksFor("sim:fetal"));
        assertEquals(List.of("echo-anomaly", "camus"), Transfers.tasksFor("sim:echo"));
        assertEquals(List.of("lung"), Transfers.tasksFor("folder:../shared/data/pocus"));
    }

    @Test
    void aFolderWithoutConfigIsNotARun() {
        assertNotEquals(0, Sonograd.commandLine().execute("eval", runs.toString()));
    }
}
