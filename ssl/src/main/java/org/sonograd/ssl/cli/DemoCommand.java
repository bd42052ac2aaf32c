package org.sonograd.ssl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.report.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonograd demo}: simulate, pretrain both reorder-transform variants and video-speech, transfer, report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate, pretrain, transfer and report against random init (about 7 minutes on 2 cores).",
                "Pretrains reorder-transform (parallel, sequential) and video-speech on simulated fetal sweeps, then",
                "evaluates them and random init on standard-plane detection and gaze prediction."})
final class DemoCommand implements Callable<Integer> {
    /** The demo's settings on top of the defaults. */
    static final List<String> BASE = List.of("data.clips=32", "data.frames=40", "data.size=48", "data.crop=32",
            "reorderTransform.gap=8", "train.steps=300", "train.checkpointEvery=100", "transfer.seeds=3", "transfer.clips=96",
            "transfer.frames=8", "transfer.fps=1", "transfer.fineTuneSteps=40");

    @Option(names = "--runs", defaultValue = "runs", description = "Folder of the run folders (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--quiet", description = "No progress bars (also when CI=true).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        String stamp = Long.toString(System.currentTimeMillis() / 1000);
        Path report = Comparison.run(runs, "demo-" + stamp, BASE, List.of(
                new Comparison.Variant("demo-" + stamp + "-parallel", List.of("reorderTransform.variant=parallel"), "parallel"),
                new Comparison.Variant("demo-" + stamp + "-sequential", List.of("reorderTransform.variant=sequential"), "sequential"),
                new Comparison.Variant("demo-" + stamp + "-video-speech", List.of("recipe=video-speech"), "video-speech")), quiet);
        System.out.println("report: " + report.toAbsolutePath());
        return 0;
    }
}
