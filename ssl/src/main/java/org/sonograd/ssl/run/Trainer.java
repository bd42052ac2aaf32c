package org.sonograd.ssl.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.Parallel;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.nn.checkpoint.Safetensors;
import org.sonograd.nn.optim.GradientClipping;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.Schedule;
import org.sonograd.nn.optim.WarmupCosine;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.recipe.Recipe;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * The experiment runner's training loop. Per step s, inside its own {@link MemoryScope} (so no
 * temporary survives the step):
 * <pre>
 *   lr = warmup-cosine(s);  L = recipe.loss(s);  check L finite;  backward;
 *   check every gradient finite;  clip by global norm;  optimiser step;  recipe.afterStep(s);  zero gradients
 * </pre>
 * then a line in {@code metrics.jsonl}, and every {@code checkpointEvery} steps (and at the end) an
 * atomic checkpoint {@code step-<n>.safetensors} holding the model ({@code model.*}), the optimiser
 * ({@code optim.*}), the recipe's own optimisers ({@code aux.<name>.*}) and, in its metadata, the completed steps and the RNG key. Because every draw
 * of step s is keyed by (seed, s) and the schedule is a function of s, resuming from a checkpoint
 * reproduces the uninterrupted run bit for bit.
 */
public final class Trainer implements AutoCloseable {
    private final ExperimentConfig cfg;
    private final ObjectNode tree;
    private final Recipe recipe;
    private final RunFolder run;
    private final String dataFingerprint;
    private final Module model;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private ObjectNode manifest;

    /** The outcome of {@link #run}: completed steps, the final checkpoint and its sha256. */
    public record Result(long steps, Path checkpoint, String sha256) {}

    /** A trainer of {@code recipe} writing into {@code run}. */
    public Trainer(ExperimentConfig cfg, ObjectNode tree, Recipe recipe, RunFolder run, String dataFingerprint) {
        this.cfg = cfg;
        this.tree = tree;
        this.recipe = recipe;
        this.run = run;
        this.dataFingerprint = dataFingerprint;
        this.model = recipe.model();
        var train = cfg.train();
        if (train.steps() < 1 || train.warmupSteps() >= train.steps()) {
            throw new IllegalArgumentException("train: need steps >= 1 and warmupSteps < steps, got steps " + train.steps()
                    + ", warmupSteps " + train.warmupSteps());
        }
        this.optimizer = recipe.createOptimizer(train);
        this.schedule = new WarmupCosine(train.lr(), 0, 0, train.warmupSteps(), train.steps());
    }

    /** Trains from scratch (the run folder must hold no checkpoint) or, with {@code resume}, from its latest checkpoint. */
    public Result run(boolean resume, boolean quiet) throws IOException {
        if (cfg.train().threads() > 0) {
            Parallel.setMaxThreads(Math.min(cfg.train().threads(), Parallel.threads()));
        }
        Files.createDirectories(run.checkpoints());
        long start = 0;
        var latest = run.latestCheckpoint();
        if (latest.isPresent() && !resume) {
            throw new IllegalStateException("run folder " + run.root() + " already holds checkpoints; pass --resume to continue"
                    + " it or choose another name");
        }
        if (resume && latest.isPresent()) {
            start = load(latest.get());
        }
        RunFolder.writeAtomically(run.config(), ConfigTree.toJson(tree));
        manifest = newManifest();
        writeManifest("running");
        long total = cfg.train().steps();
        Path last = latest.orElse(null);
        String lastSha = last == null ? null : Hashing.file(last);
        try (MetricsLog log = MetricsLog.open(run.metrics(), start);
             Progress progress = Progress.start(cfg.name(), start, total, quiet)) {
            for (long s = start; s < total; s++) {
                long t0 = System.nanoTime();
                ObjectNode record = log.record();
                double loss = step(s, record);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double clipsPerSecond = recipe.clipsPerStep() / seconds;
                double epoch = (double) (s + 1) * recipe.clipsPerStep() / recipe.clipsPerEpoch();
                record.put("epoch", epoch);
                record.put("clips_per_s", clipsPerSecond);
                record.put("seconds", seconds);
                record.put("live_bytes", CachingAllocator.global().liveBytes());
                log.write(record);
                progress.update(s + 1, epoch, loss, clipsPerSecond);
                if ((s + 1) % cfg.train().checkpointEvery() == 0 || s + 1 == total) {
                    last = run.checkpoint(s + 1);
                    lastSha = save(last, s + 1);
                    progress.checkpoint(s + 1, lastSha);
                }
            }
        } catch (NonFiniteException e) {
            writeManifest("failed: " + e.getMessage());
            throw e;
        }
        writeManifest("finished");
        return new Result(total, last, lastSha);
    }

    /** One optimisation step; fills {@code record} and returns the loss. */
    private double step(long s, ObjectNode record) {
        try (MemoryScope scope = MemoryScope.open()) {
            try {
                double lr = schedule.at(s);
                optimizer.setLearningRate(lr);
                Recipe.StepLoss l = recipe.loss(s);
                double loss = l.total().item();
                record.put("step", s);
                record.put("loss", loss);
                for (Map.Entry<String, Var> e : l.parts().entrySet()) {
                    record.put(e.getKey(), e.getValue().item());
                }
                record.put("lr", lr);
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteException(s, "loss", loss);
                }
                l.total().backward();
                checkGradients(s);
                if (cfg.train().clipNorm() > 0) {
                    record.put("grad_norm", GradientClipping.clipByGlobalNorm(model.parameters(), cfg.train().clipNorm()));
                }
                optimizer.step();
                recipe.afterStep(s);
                return loss;
            } finally {
                model.zeroGrad();
            }
        }
    }

    /** Throws naming the first parameter whose gradient holds a NaN or an Inf (0·g sums to NaN exactly then). */
    private void checkGradients(long s) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Var g = e.getValue().grad();
            if (g != null) {
                double probe = g.value().mul(0).sum().item();
                if (!Double.isFinite(probe)) {
                    Tensor bad = g.value().abs().max(new int[0], false);
                    throw new NonFiniteException(s, "grad of " + e.getKey(), bad.item());
                }
            }
        }
    }

    private String save(Path file, long steps) throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Map<String, Tensor> all = new LinkedHashMap<>();
            model.stateDict().forEach((k, v) -> all.put("model." + k, v));
            optimizer.stateDict().forEach((k, v) -> all.put("optim." + k, v));
            recipe.auxiliaryOptimizers().forEach((name, o) -> o.stateDict().forEach((k, v) -> all.put("aux." + name + "." + k, v)));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("steps", Long.toString(steps));
            meta.put("recipe", cfg.recipe());
            meta.put("seed", Long.toString(cfg.seed()));
            meta.put("rng", "philox key (seed, stream, step), one window per step; next step " + steps);
            meta.put("config_sha256", Hashing.text(ConfigTree.toJson(ConfigTree.resultDefining(tree))));
            String sha = Safetensors.write(file, all, meta);
            ArrayNode list = (ArrayNode) manifest.get("checkpoints");
            ObjectNode entry = list.addObject();
            entry.put("file", run.root().relativize(file).toString());
            entry.put("steps", steps);
            entry.put("sha256", sha);
            writeManifest("running");
            return sha;
        }
    }

    /** Loads model and optimiser state; returns the completed steps. */
    private long load(Path file) throws IOException {
        try (MemoryScope scope = MemoryScope.open()) {
            Safetensors.Contents c = Safetensors.read(file);
            Map<String, Tensor> modelState = new LinkedHashMap<>();
            Map<String, Tensor> optimState = new LinkedHashMap<>();
            Map<String, Map<String, Tensor>> auxState = new LinkedHashMap<>();
            recipe.auxiliaryOptimizers().keySet().forEach(name -> auxState.put(name, new LinkedHashMap<>()));
            c.tensors().forEach((k, v) -> {
                if (k.startsWith("model.")) {
                    modelState.put(k.substring(6), v);
                } else if (k.startsWith("optim.")) {
                    optimState.put(k.substring(6), v);
                } else if (k.startsWith("aux.") && auxState.containsKey(auxName(k))) {
                    auxState.get(auxName(k)).put(k.substring(5 + auxName(k).length()), v);
                } else {
                    throw new IllegalArgumentException(file + ": unexpected tensor '" + k + "' (expected model.*, optim.* or aux."
                            + recipe.auxiliaryOptimizers().keySet() + ".*)");
                }
            });
            model.loadStateDict(modelState);
            optimizer.loadStateDict(optimState);
            recipe.auxiliaryOptimizers().forEach((name, o) -> o.loadStateDict(auxState.get(name)));
            long steps = Long.parseLong(c.metadata().getOrDefault("steps", "-1"));
            if (steps != RunFolder.stepsOf(file) || optimizer.stepCount() != steps) {
                throw new IllegalStateException(file + ": metadata says " + steps + " steps, the optimiser "
                        + optimizer.stepCount() + ", the file name " + RunFolder.stepsOf(file));
            }
            return steps;
        }
    }

    /** The optimiser name of a tensor {@code aux.<name>.<key>}. */
    private static String auxName(String key) {
        int dot = key.indexOf('.', 4);
        return dot < 0 ? "" : key.substring(4, dot);
    }

    private ObjectNode newManifest() throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("name", cfg.name());
        m.put("recipe", cfg.recipe());
        m.put("seed", cfg.seed());
        m.put("gitCommit", Provenance.gitCommit());
        m.set("machine", Provenance.machine());
        m.set("codeSha256", Provenance.codeHashes());
        m.put("dataSource", cfg.data().source());
        m.put("dataSha256", dataFingerprint);
        m.put("configSha256", Hashing.text(ConfigTree.toJson(tree)));
        m.put("parameters", model.parameterCount());
        ArrayNode list = m.putArray("checkpoints");
        for (Path p : run.listCheckpoints()) {
            ObjectNode entry = list.addObject();
            entry.put("file", run.root().relativize(p).toString());
            entry.put("steps", RunFolder.stepsOf(p));
            entry.put("sha256", Hashing.file(p));
        }
        return m;
    }

    private void writeManifest(String status) throws IOException {
        manifest.put("status", status);
        RunFolder.writeAtomically(run.manifest(), ConfigTree.toJson(manifest));
    }

    /** Frees the optimiser state (the model belongs to the recipe). */
    @Override
    public void close() {
        optimizer.close();
    }
}
