package org.sonograd.ssl.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;

class SaliencyTransferTest {
    @Test
    void decoderPredictionsAreAboveChanceAndTheCentreBiasBeatsAUniformMap() throws Exception {
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(null, List.of("data.size=24", "data.crop=16",
                "model.width=4", "model.groups=2", "transfer.clips=8", "transfer.frames=6", "transfer.fps=1",
                "transfer.seeds=1", "transfer.saliencySteps=60")));
        SaliencyFrames data = Transfers.saliencyFrames(cfg);
        SaliencyTransfer.Result r = SaliencyTransfer.run("random", cfg.model(), data, cfg.transfer());
        int hw = data.size() * data.size();
        float[] uniform = new float[hw];
        java.util.Arrays.fill(uniform, 1f / hw);
        double uniformKl = 0;
        int[] test = data.split(true);
        for (int i : test) {
            uniformKl += SaliencyMetrics.kl(uniform, java.util.Arrays.copyOfRange(data.density(), i * hw, (i + 1) * hw)) / test.length;
        }
        double biasKl = r.centreBias().get("KL").mean();
        assertTrue(biasKl < uniformKl, "centre-bias KL " + biasKl + " vs uniform " + uniformKl);
        // a map unrelated to the gaze has CC ≈ 0 and AUC-Judd ≈ 0.5
        assertTrue(r.metrics().get("CC").mean() > 0.1, "CC " + r.metrics().get("CC"));
        assertTrue(r.metrics().get("AUC-Judd").mean() > 0.6, "AUC-Judd " + r.metrics().get("AUC-Judd"));
    }
}
