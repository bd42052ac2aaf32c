package org.sonograd.ssl.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.autograd.GradMode;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.run.Trainer;
import org.sonograd.tensor.MemoryScope;

class VideoSpeechTest {
    private static Videos data;

    @TempDir
    Path runs;

    private static List<String> settings(String... extra) {
        List<String> s = new ArrayList<>(List.of("recipe=video-speech", "data.clips=6", "data.frames=40", "data.size=24",
                "data.crop=16", "model.width=4", "model.groups=2", "model.hidden=16", "train.batch=6", "train.steps=40",
                "train.warmupSteps=2", "train.checkpointEvery=40"));
        s.addAll(List.of(extra));
        return s;
    }

    private static ExperimentConfig config(String... extra) throws Exception {
        return ConfigTree.bind(ConfigTree.resolve(null, settings(extra)));
    }

    @BeforeAll
    static void simulate() throws Exception {
        data = Pretraining.data(config());
    }

    private static double lossAt(Recipe r, long step) {
        try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
            return r.loss(step).total().item();
        }
    }

    @Test
    void contrastiveLossFallsFromChanceInAShortSeededRun() throws Exception {
        var tree = ConfigTree.resolve(null, settings("name=plain", "videoSpeech.affinity=none", "videoSpeech.selfPaced=none"));
        ExperimentConfig cfg = ConfigTree.bind(tree);
        Recipe recipe = Recipes.create(cfg, data);
        double before = 0;
        for (long k = 0; k < 4; k++) {
            before += lossAt(recipe, 1_000_000 + k) / 4;
        }
        assertEquals(Math.log(6), before, 0.15, "an untrained model is near chance, ln B");
        try (Trainer t = new Trainer(cfg, tree, recipe, RunFolder.of(runs, "plain"), "test")) {
            t.run(false, true);
        }
        double after = 0;
        for (long k = 0; k < 4; k++) {
            after += lossAt(recipe, 1_000_000 + k) / 4;
        }
        recipe.model().close();
        assertTrue(after < before - 0.05, "held-out InfoNCE " + before + " -> " + after);
    }

    @Test
    void maskingEveryNegativeLeavesOnlyThePositiveSoTheLossIsZero() throws Exception {
        Recipe r = Recipes.create(config("videoSpeech.affinity=mask", "videoSpeech.affinityThreshold=-2",
                "videoSpeech.selfPaced=none"), data);
        assertEquals(0.0, lossAt(r, 3), 1e-5);
        r.model().close();
    }

    @Test
    void hardSelfPacingWithAHugeAgeAdmitsEveryPairAndEqualsPlainInfoNce() throws Exception {
        Recipe plain = Recipes.create(config("videoSpeech.affinity=none", "videoSpeech.selfPaced=none"), data);
        Recipe paced = Recipes.create(config("videoSpeech.affinity=none", "videoSpeech.selfPaced=hard",
                "videoSpeech.lambda0=1000"), data);
        assertEquals(lossAt(plain, 5), lossAt(paced, 5), 1e-5);
        Recipe none = Recipes.create(config("videoSpeech.affinity=none", "videoSpeech.selfPaced=hard",
                "videoSpeech.lambda0=0"), data);
        assertEquals(0.0, lossAt(none, 5), 0.0, "an age of 0 admits no pair");
        plain.model().close();
        paced.model().close();
        none.model().close();
    }

    private static double partAt(Recipe r, long step, String part) {
        try (GradMode off = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
            return r.loss(step).parts().get(part).item();
        }
    }

    @Test
    void orderHeadAddsRecipeOnesOrderLossNearLn12AtInitThatTrainingLowers() throws Exception {
        Recipe off = Recipes.create(config("videoSpeech.affinity=none", "videoSpeech.selfPaced=none"), data);
        ExperimentConfig cfg = config("videoSpeech.affinity=none", "videoSpeech.selfPaced=none", "videoSpeech.orderWeight=2",
                "train.lr=0.01");
        Recipe on = Recipes.create(cfg, data);
        try (GradMode g = GradMode.off(); MemoryScope scope = MemoryScope.open()) {
            assertTrue(!off.loss(0).parts().containsKey("order_ce"), "orderWeight 0 adds no order loss");
            assertTrue(!off.model().stateDict().keySet().stream().anyMatch(k -> k.startsWith("orderHead.")),
                    "orderWeight 0 adds no order head");
            // the video embedding averages the frames, so shuffling them leaves InfoNCE as it was
            var withOrder = on.loss(7);
            double infoNce = withOrder.total().item() - 2 * withOrder.parts().get("order_ce").item();
            assertEquals(off.loss(7).total().item(), infoNce, 1e-4);
        }
        double before = 0;
        for (long k = 0; k < 8; k++) {
            before += partAt(on, 1_000_000 + k, "order_ce") / 8;
        }
        assertEquals(Math.log(12), before, 0.3, "an untrained order head is near chance, ln 12");
        // 40 AdamW steps on the batch of step 0: the order gradient reaches the head and the encoder
        double first = partAt(on, 0, "order_ce");
        try (var optimizer = on.createOptimizer(cfg.train())) {
            for (int i = 0; i < 40; i++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    on.loss(0).total().backward();
                    optimizer.step();
                    on.model().zeroGrad();
                }
            }
        }
        double last = partAt(on, 0, "order_ce");
        off.model().close();
        on.model().close();
        assertTrue(last < 0.5 * first, "order cross-entropy of the trained batch " + first + " -> " + last);
    }
}
