package org.sonograd.ssl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.report.TransferReport;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.transfer.ClinicalTasks;
import org.sonograd.ssl.transfer.PlaneDetection;
import org.sonograd.ssl.transfer.SaliencyTransfer;
import org.sonograd.ssl.transfer.TaskResult;
import org.sonograd.ssl.transfer.Transfers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sonograd eval <run>}: evaluates a pretraining run's encoder on the transfer tasks that fit
 * its data, against a random-init encoder of the same architecture, with the run's own settings.
 * Results go to {@code <run>/eval/<task>/}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a pretraining run's encoder against random init on the tasks that fit its data",
                "(sim:fetal: plane-detection, saliency; sim:lung or a video folder: lung; sim:echo: echo-anomaly, camus",
                "on simulated echo; sim:breast: busi-classify, busi-segment). Writes <run>/eval/<task>/."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The run folder (runs/<name>).")
    Path run;

    @Option(names = "--task", split = ",", description = "Tasks to run instead of the ones that fit the run's data.")
    List<String> tasks;

    @Option(names = "--set", description = "Override one setting of the run's config, e.g. --set transfer.seeds=5 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RunFolder folder = new RunFolder(run);
        if (!Files.isRegularFile(folder.config())) {
            throw new IllegalArgumentException("eval: " + run + " is not a run folder (no " + folder.config().getFileName() + ")");
        }
        ExperimentConfig cfg = ConfigTree.bind(ConfigTree.resolve(folder.config(), sets));
        List<String> chosen = tasks != null ? tasks : Transfers.tasksFor(cfg.data().source());
        chosen.forEach(Transfers::check);
        List<String> encoders = List.of("random", run.toString());
        for (String task : chosen) {
            Path out = run.resolve("eval").resolve(task);
            Files.createDirectories(out);
            String command = "sonograd eval " + run + " --task " + task + sets.stream().map(x -> " --set " + x).reduce("", String::concat);
            if (ClinicalTasks.TASKS.contains(task)) {
                String data = task.equals("lung") || task.equals("camus") ? simulatedOrNull(cfg.data().source()) : null;
                List<TaskResult> results = ClinicalTasks.run(task, data, cfg, encoders);
                results.forEach(r -> System.out.print(r.describe()));
                System.out.println("report: " + TransferReport.write(out, task, command, results));
            } else {
                StringBuilder text = new StringBuilder(command).append(System.lineSeparator());
                for (String e : encoders) {
                    text.append(task.equals("saliency")
                            ? Transfers.describe(SaliencyTransfer.run(e, cfg.model(), Transfers.saliencyFrames(cfg), cfg.transfer()))
                            : Transfers.describe(PlaneDetection.run(e, cfg.model(), Transfers.planeFrames(cfg), cfg.transfer())));
                }
                System.out.print(text);
                RunFolder.writeAtomically(out.resolve("results.txt"), text.toString());
            }
        }
        return 0;
    }

    /** A simulated source evaluates on the same simulated scene; a real folder on the task's real dataset. */
    private static String simulatedOrNull(String source) {
        return source.startsWith("sim:") ? source : null;
    }
}
