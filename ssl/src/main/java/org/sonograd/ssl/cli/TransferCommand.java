package org.sonograd.ssl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.transfer.PlaneDetection;
import org.sonograd.ssl.transfer.PlaneFrames;
import org.sonograd.ssl.transfer.Transfers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonograd transfer}: evaluates encoders on a downstream task. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Evaluate encoders on a transfer task (mean ± std over transfer.seeds seeds).",
                "Standard-plane detection: linear probe and fine-tune on simulated fetal sweeps, split by clip."})
final class TransferCommand implements Callable<Integer> {
    @Option(names = "--task", defaultValue = "plane-detection", description = "Task: plane-detection (default).")
    String task;

    @Option(names = "--encoder", required = true, split = ",",
            description = "'random', a checkpoint .safetensors, or a run folder (its latest checkpoint); comma-separate several.")
    List<String> encoders;

    @Option(names = "--config", description = "JSON or YAML file with the transfer and model settings.")
    Path config;

    @Option(names = "--set", description = "Override one setting, e.g. --set transfer.seeds=5 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Transfers.check(task);
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(config, sets));
        PlaneFrames data = Transfers.planeFrames(cfg);
        for (String e : encoders) {
            PlaneDetection.Result r = PlaneDetection.run(e, cfg.model(), data, cfg.transfer());
            System.out.print(Transfers.describe(r));
        }
        return 0;
    }
}
