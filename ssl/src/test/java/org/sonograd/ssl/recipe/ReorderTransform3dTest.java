package org.sonograd.ssl.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.model.Cnn3dEncoder;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.run.Trainer;
import org.sonograd.ssl.transfer.Encoders;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/** Recipe 1's 3D-CNN variant ({@code model.arch=cnn3d}): sub-clips through a small 3D CNN. */
class ReorderTransform3dTest {
    @TempDir
    Path runs;

    private static List<String> settings(String... extra) {
        List<String> s = new ArrayList<>(List.of("model.arch=cnn3d", "reorderTransform.transformWeight=0", "data.clips=8",
                "data.frames=24", "data.size=24", "data.crop=0", "model.width=4", "model.groups=2", "model.hidden=32",
                "train.batch=8", "train.lr=0.003", "train.steps=4", "train.warmupSteps=1", "train.checkpointEvery=4"));
        s.addAll(List.of(extra));
        return s;
    }

    private static double orderLossAt(Recipe r, long step) {
        try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
            return r.loss(step).parts().get("order_ce").item();
        }
    }

    private static double heldOutOrderLoss(Recipe r) {
        double sum = 0;
        try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
            for (long k = 0; k < 8; k++) {
                sum += r.loss(1_000_000 + k).parts().get("order_ce").item() / 8;
            }
        }
        return sum;
    }

    /**
     * The order of sub-clips of simulated sweeps: ≈ ln 12 at init; 40 AdamW steps on the batch of
     * step 0 lower its order loss (the gradient reaches the 3D encoder and the head); a short run
     * through the trainer gives a checkpoint whose encoder {@link Encoders#load} rebuilds exactly.
     */
    @Test
    void theOrderLossOfSimulatedSubClipsStartsAtChanceAndTrainingLowersIt() throws Exception {
        ObjectNode tree = ConfigTree.resolve(null, settings("name=order3d"));
        ExperimentConfig cfg = ConfigTree.bind(tree);
        Videos data = Pretraining.data(cfg);
        Recipe recipe = Recipes.create(cfg, data);
        assertTrue(recipe.encoder() instanceof Cnn3dEncoder);
        double before = heldOutOrderLoss(recipe);
        assertEquals(Math.log(12), before, 0.3, "an untrained order head is near chance, ln 12");
        double first = orderLossAt(recipe, 0);
        try (var optimizer = recipe.createOptimizer(cfg.train())) {
            for (int i = 0; i < 40; i++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    recipe.loss(0).total().backward();
                    optimizer.step();
                    recipe.model().zeroGrad();
                }
            }
        }
        double last = orderLossAt(recipe, 0);
        assertTrue(last < 0.5 * first, "order cross-entropy of the trained batch " + first + " -> " + last);
        try (Trainer t = new Trainer(cfg, tree, recipe, RunFolder.of(runs, "order3d"), data.fingerprint())) {
            t.run(false, true);
        }
        // the transferable encoder rebuilt from the run folder is the trained one
        try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open();
             Encoder loaded = Encoders.load(runs.resolve("order3d").toString(), cfg.model(), 0)) {
            Var frames = Var.constant(Tensor.of(data.normalisedFrame(0, 0), 1, 1, data.height(), data.width()));
            assertArrayEquals(recipe.encoder().forward(frames).value().toFloatArray(),
                    loaded.forward(frames).value().toFloatArray());
        }
        recipe.model().close();
    }
}
