package org.sonograd.ssl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.report.TransferReport;
import org.sonograd.ssl.transfer.ClinicalTasks;
import org.sonograd.ssl.transfer.PlaneDetection;
import org.sonograd.ssl.transfer.PlaneFrames;
import org.sonograd.ssl.transfer.SaliencyFrames;
import org.sonograd.ssl.transfer.SaliencyTransfer;
import org.sonograd.ssl.transfer.TaskResult;
import org.sonograd.ssl.transfer.Transfers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonograd transfer}: evaluates encoders on a downstream task. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Evaluate encoders on a transfer task (mean ± std over transfer.seeds seeds).",
                "Standard-plane detection: linear probe and fine-tune; saliency: frozen encoder + decoder to gaze density",
                "(KL, CC, NSS, SIM, AUC-Judd, AUC-Borji). Simulated fetal sweeps, split by clip.",
                "Clinical tasks (docs/transfer.md): lung, busi-classify, busi-segment, hc18, camus, echo-anomaly, probe;",
                "they write metrics.json, plots and report.md/html to --out."})
final class TransferCommand implements Callable<Integer> {
    @Option(names = "--task", defaultValue = "plane-detection",
            description = "Task: plane-detection (default), saliency, lung, busi-classify, busi-segment, hc18, camus, echo-anomaly, probe.")
    String task;

    @Option(names = "--data", description = "Clinical tasks: the dataset folder or sim:<scene> (default: the task's folder under"
            + " $SONOGRAD_DATA or ../shared/data; sim:echo for echo-anomaly; required for probe).")
    String data;

    @Option(names = "--out", description = "Clinical tasks: output folder (default runs/transfer-<task>).")
    Path out;

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
        if (ClinicalTasks.TASKS.contains(task)) {
            List<TaskResult> results = ClinicalTasks.run(task, data, cfg, encoders);
            results.forEach(r -> System.out.print(r.describe()));
            Path folder = out != null ? out : Path.of("runs", "transfer-" + task);
            String command = "sonograd transfer --task " + task + " --encoder " + String.join(",", encoders)
                    + (data != null ? " --data " + data : "") + (config != null ? " --config " + config : "")
                    + sets.stream().map(x -> " --set " + x).reduce("", String::concat);
            System.out.println("report: " + TransferReport.write(folder, task, command, results));
            return 0;
        }
        if (task.equals("saliency")) {
            SaliencyFrames gaze = Transfers.saliencyFrames(cfg);
            for (String e : encoders) {
                System.out.print(Transfers.describe(SaliencyTransfer.run(e, cfg.model(), gaze, cfg.transfer())));
            }
            return 0;
        }
        PlaneFrames data = Transfers.planeFrames(cfg);
        for (String e : encoders) {
            PlaneDetection.Result r = PlaneDetection.run(e, cfg.model(), data, cfg.transfer());
            System.out.print(Transfers.describe(r));
        }
        return 0;
    }
}
