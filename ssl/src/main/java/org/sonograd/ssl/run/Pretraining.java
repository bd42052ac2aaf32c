package org.sonograd.ssl.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.data.Videos;
import org.sonograd.ssl.recipe.Recipe;
import org.sonograd.ssl.recipe.Recipes;

/** A pretraining run from a resolved configuration: data, recipe, run folder, {@link Trainer}. */
public final class Pretraining {
    private Pretraining() {}

    /** The pretraining data of a configuration. */
    public static Videos data(ExperimentConfig cfg) {
        var d = cfg.data();
        return Videos.fromSource(d.source(), d.seed(), d.clips(), new ClipSpec(d.frames(), d.size(), d.size(), d.fps()));
    }

    /** Runs (or, with {@code resume}, continues) the run {@code tree.name} under {@code runsRoot}. */
    public static Trainer.Result run(ObjectNode tree, Path runsRoot, boolean resume, boolean quiet) throws IOException {
        ExperimentConfig cfg = ConfigTree.bind(tree);
        Videos data = data(cfg);
        try (Recipe recipe = Recipes.create(cfg, data);
             Trainer trainer = new Trainer(cfg, tree, recipe, RunFolder.of(runsRoot, cfg.name()), data.fingerprint())) {
            return trainer.run(resume, quiet);
        }
    }
}
