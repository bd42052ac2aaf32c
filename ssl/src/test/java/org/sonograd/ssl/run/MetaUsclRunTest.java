package org.sonograd.ssl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.kernels.Parallel;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.tensor.MemoryScope;

/** meta-uscl and uscl runs: bit-identical across resume and thread counts, the weighting network's Adam in the checkpoint. */
class MetaUsclRunTest {
    private static final String[] META = {"recipe=meta-uscl", "model.arch=resnet18", "model.width=2", "data.clips=6",
        "data.frames=8", "metaUscl.dim=8", "metaUscl.metaBatch=2"};

    @TempDir
    Path runs;

    @Test
    void metaUsclResumesBitIdenticallyWithTheWeightingNetworksAdamState() throws Exception {
        Trainer.Result full = Pretraining.run(TinyRuns.tree("m-full", 4, 2, META), runs, false, true);
        Pretraining.run(TinyRuns.tree("m-cut", 4, 2, META), runs, false, true);
        Files.delete(RunFolder.of(runs, "m-cut").checkpoint(4));
        Trainer.Result resumed = Pretraining.run(TinyRuns.tree("m-cut", 4, 2, META), runs, true, true);
        assertEquals(full.sha256(), resumed.sha256());
        try (MemoryScope scope = MemoryScope.open()) {
            Set<String> names = Safetensors.read(full.checkpoint()).tensors().keySet();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("aux.weighting.")), "Adam state of the weighting network");
            assertTrue(names.contains("model.weighting.fc1.weight") && names.contains("model.encoder.resnet.layer4.1.bn2.running_var"));
        }
        assertTrue(MetaLog.column(RunFolder.of(runs, "m-full"), "meta_loss") > 0);
    }

    @Test
    void metaUsclGivesTheSameCheckpointOnOneAndTwoThreads() throws Exception {
        Assumptions.assumeTrue(Parallel.threads() >= 2, "needs a pool of 2 threads (SONOGRAD_THREADS or 2 cores)");
        int before = Parallel.maxThreads();
        try {
            Trainer.Result one = Pretraining.run(TinyRuns.tree("m-t1", 2, 2, with(META, "train.threads=1")), runs, false, true);
            Trainer.Result two = Pretraining.run(TinyRuns.tree("m-t2", 2, 2, with(META, "train.threads=2")), runs, false, true);
            assertEquals(one.sha256(), two.sha256());
        } finally {
            Parallel.setMaxThreads(before);
        }
    }

    @Test
    void usclResumesBitIdentically() throws Exception {
        String[] uscl = {"recipe=uscl", "model.width=2", "data.frames=8", "metaUscl.dim=8"};
        Trainer.Result full = Pretraining.run(TinyRuns.tree("u-full", 4, 2, uscl), runs, false, true);
        Pretraining.run(TinyRuns.tree("u-cut", 4, 2, uscl), runs, false, true);
        Files.delete(RunFolder.of(runs, "u-cut").checkpoint(4));
        assertEquals(full.sha256(), Pretraining.run(TinyRuns.tree("u-cut", 4, 2, uscl), runs, true, true).sha256());
    }

    private static String[] with(String[] base, String extra) {
        String[] out = java.util.Arrays.copyOf(base, base.length + 1);
        out[base.length] = extra;
        return out;
    }

    /** The first logged value of a metrics column. */
    private static final class MetaLog {
        static double column(RunFolder run, String key) throws Exception {
            return MetricsLog.read(run.metrics()).getFirst().get(key).asDouble();
        }
    }
}
