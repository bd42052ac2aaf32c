package org.sonograd.ssl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.report.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sonograd experiment}: the longer comparison behind {@code docs/results.md}: reorder-transform
 * (parallel, 3 pretraining seeds; sequential; the two single-task ablations) and video-speech (with its
 * affinity and self-pacing ablations) against random init.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"The comparison behind docs/results.md (about 15 minutes on 2 cores).",
                "Pretrains reorder-transform (parallel x3 seeds, sequential, order-only, transform-only) and video-speech",
                "(full, no affinity, no self-pacing), evaluates each against random init on plane detection and saliency,",
                "and writes the report (and, with --results, docs/results.md)."})
final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "runs", description = "Folder of the run folders (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--steps", defaultValue = "300", description = "Pretraining steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--results", description = "Also copy the report's Markdown to this file (e.g. docs/results.md).")
    Path results;

    @Option(names = "--quiet", description = "No progress bars (also when CI=true).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        String stamp = "exp-" + System.currentTimeMillis() / 1000;
        List<String> base = new ArrayList<>(DemoCommand.BASE);
        base.add("train.steps=" + steps);
        List<Comparison.Variant> variants = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            variants.add(new Comparison.Variant(stamp + "-parallel-s" + seed,
                    List.of("reorderTransform.variant=parallel", "seed=" + seed), "parallel"));
        }
        variants.add(new Comparison.Variant(stamp + "-sequential", List.of("reorderTransform.variant=sequential"), "sequential"));
        variants.add(new Comparison.Variant(stamp + "-order-only", List.of("reorderTransform.transformWeight=0"), "order only"));
        variants.add(new Comparison.Variant(stamp + "-transform-only", List.of("reorderTransform.orderWeight=0"), "transform only"));
        variants.add(new Comparison.Variant(stamp + "-video-speech", List.of("recipe=video-speech"), "video-speech"));
        variants.add(new Comparison.Variant(stamp + "-vs-no-affinity", List.of("recipe=video-speech", "videoSpeech.affinity=none"),
                "video-speech, no affinity"));
        variants.add(new Comparison.Variant(stamp + "-vs-no-pacing", List.of("recipe=video-speech", "videoSpeech.selfPaced=none"),
                "video-speech, no self-pacing"));
        Path report = Comparison.run(runs, stamp, base, variants, quiet);
        if (results != null) {
            String md = Files.readString(report.resolveSibling("report.md"))
                    .replace("](../", "](../" + runs + "/").replace("](plots/", "](../" + runs + "/" + stamp + "/plots/");
            Files.writeString(results, md);
            System.out.println("results: " + results.toAbsolutePath());
        }
        System.out.println("report: " + report.toAbsolutePath());
        return 0;
    }
}
