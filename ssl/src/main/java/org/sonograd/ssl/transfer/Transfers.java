package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.List;
import org.sonograd.ssl.config.ExperimentConfig;

/** The transfer tasks by name. */
public final class Transfers {
    /** Task names. */
    public static final List<String> TASKS = List.of("plane-detection");

    private Transfers() {}

    /** The labelled plane-detection set of a configuration (simulator seed {@code transfer.dataSeed}). */
    public static PlaneFrames planeFrames(ExperimentConfig cfg) {
        var t = cfg.transfer();
        return PlaneFrames.simulate(t.dataSeed(), t.clips(), t.frames(), t.fps(), cfg.data().size(), t.testFraction());
    }

    /** One line per protocol: accuracy and macro-F1 as mean ± std over seeds. */
    public static String describe(PlaneDetection.Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-40s probe      accuracy %s  macro-F1 %s  (%d train / %d test frames, %d seeds)%n",
                r.encoder(), r.probe().accuracy(), r.probe().macroF1(), r.trainFrames(), r.testFrames(), r.probe().perSeed().size()));
        if (r.fineTune() != null) {
            s.append(String.format("%-40s fine-tune  accuracy %s  macro-F1 %s%n", r.encoder(), r.fineTune().accuracy(),
                    r.fineTune().macroF1()));
        }
        return s.toString();
    }

    /** Checks the task name. */
    public static void check(String task) {
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("unknown transfer task '" + task + "'; choose one of " + TASKS);
        }
    }
}
