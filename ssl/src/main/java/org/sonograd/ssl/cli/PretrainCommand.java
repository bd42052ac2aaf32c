package org.sonograd.ssl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.run.NonFiniteException;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.run.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonograd pretrain}: runs a pretraining recipe into {@code runs/<name>/}. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain a self-supervised recipe into runs/<name>/.",
                "Writes config.json, manifest.json, metrics.jsonl and checkpoints/. Settings resolve as: built-in",
                "defaults < --config file < flags < --set."})
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "Recipe: reorder-transform, video-speech, meta-uscl, uscl or discovr.")
    String recipe;

    @Option(names = "--data", description = "Data source: sim:fetal|lung|breast|echo (simulated, in memory), or folder:<path> (videos in <path>/<class>/).")
    String data;

    @Option(names = "--config", description = "A JSON or YAML file overriding any of the defaults.")
    Path config;

    @Option(names = "--name", description = "Run name (folder under --runs).")
    String name;

    @Option(names = "--set", description = "Override one setting, e.g. --set train.steps=100 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "runs", description = "Folder of the run folders (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--resume", description = "Continue the run from its latest checkpoint, bit-identically.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bar (also when CI=true).")
    boolean quiet;

    @Option(names = "--print-config", description = "Print the resolved configuration and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        List<String> overrides = new ArrayList<>();
        if (recipe != null) {
            overrides.add("recipe=" + recipe);
        }
        if (data != null) {
            overrides.add("data.source=" + data);
        }
        if (name != null) {
            overrides.add("name=" + name);
        }
        overrides.addAll(sets);
        ObjectNode tree;
        if (resume && config == null && name != null && RunFolder.of(runs, name).config().toFile().exists()) {
            tree = ConfigTree.resolve(RunFolder.of(runs, name).config(), sets);
        } else {
            tree = ConfigTree.resolve(config, overrides);
        }
        ConfigTree.bind(tree);
        if (printConfig) {
            System.out.println(ConfigTree.toJson(tree));
            return 0;
        }
        try {
            Trainer.Result r = Pretraining.run(tree, runs, resume, quiet);
            System.out.printf("finished %d steps; checkpoint %s (sha256 %s)%n", r.steps(), r.checkpoint(), r.sha256());
            return 0;
        } catch (NonFiniteException e) {
            System.err.println("sonograd pretrain: " + e.getMessage());
            return 3;
        }
    }
}
