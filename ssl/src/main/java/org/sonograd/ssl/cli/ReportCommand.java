package org.sonograd.ssl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sonograd.ssl.report.RunReport;
import org.sonograd.ssl.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sonograd report <run>}: plots and report of a pretraining run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write plots/loss.png, plots/lr.png, report.md and report.html for a run folder.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The run folder, e.g. runs/my-run.")
    Path run;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(run.resolve("manifest.json"))) {
            System.err.println("sonograd report: " + run + " is not a run folder (no manifest.json)");
            return 2;
        }
        System.out.println("report: " + RunReport.write(new RunFolder(run)).toAbsolutePath());
        return 0;
    }
}
