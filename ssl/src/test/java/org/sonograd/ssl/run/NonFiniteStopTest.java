package org.sonograd.ssl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.FrameEncoder;
import org.sonograd.ssl.recipe.Recipe;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

class NonFiniteStopTest {
    @TempDir
    Path runs;

    /** Loss (w − 1)²; from step {@code badStep} on, + √(0·w), whose gradient 0·∞ is NaN while the loss stays finite. */
    static final class Poisoned extends Module implements Recipe {
        final Parameter w = addParameter("w", Tensor.zeros(DType.F32, 3));
        final FrameEncoder encoder = addModule("encoder", new FrameEncoder(2, 1, new RandomStream(1)));
        final long badStep;
        final boolean nanLoss;

        Poisoned(long badStep, boolean nanLoss) {
            this.badStep = badStep;
            this.nanLoss = nanLoss;
        }

        @Override
        public Var forward(Var input) {
            return input;
        }

        @Override
        public Module model() {
            return this;
        }

        @Override
        public FrameEncoder encoder() {
            return encoder;
        }

        @Override
        public int clipsPerStep() {
            return 1;
        }

        @Override
        public int clipsPerEpoch() {
            return 1;
        }

        @Override
        public StepLoss loss(long step) {
            Var d = w.var().sub(1);
            Var loss = d.mul(d).sum();
            if (step >= badStep) {
                loss = nanLoss ? loss.mul(Double.NaN) : loss.add(w.var().mul(0).sqrt().sum());
            }
            return new StepLoss(loss, Map.of());
        }
    }

    private Trainer trainer(String name, Recipe recipe) throws Exception {
        ObjectNode tree = ConfigTree.resolve(null, java.util.List.of("name=" + name, "train.steps=10", "train.warmupSteps=0",
                "train.checkpointEvery=2", "train.clipNorm=0"));
        ExperimentConfig cfg = ConfigTree.bind(tree);
        return new Trainer(cfg, tree, recipe, RunFolder.of(runs, name), "test");
    }

    @Test
    void aNaNGradientStopsTheRunNamingStepAndParameterAndKeepsTheLastGoodCheckpoint() throws Exception {
        try (Poisoned recipe = new Poisoned(3, false); Trainer t = trainer("nan-grad", recipe)) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.run(false, true));
            assertEquals(3, e.step());
            assertEquals("grad of w", e.tensor());
            RunFolder run = RunFolder.of(runs, "nan-grad");
            assertTrue(Files.exists(run.checkpoint(2)));
            assertFalse(Files.exists(run.checkpoint(4)));
            assertTrue(Files.readString(run.manifest()).contains("failed: non-finite value"));
        }
    }

    @Test
    void aNaNLossStopsTheRunBeforeBackward() throws Exception {
        try (Poisoned recipe = new Poisoned(5, true); Trainer t = trainer("nan-loss", recipe)) {
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.run(false, true));
            assertEquals(5, e.step());
            assertEquals("loss", e.tensor());
            assertTrue(Files.exists(RunFolder.of(runs, "nan-loss").checkpoint(4)));
        }
    }
}
