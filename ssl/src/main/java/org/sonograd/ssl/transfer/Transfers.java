package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.sonograd.ssl.config.ExperimentConfig;

/** The transfer tasks by name. */
public final class Transfers {
    /** Task names. */
    public static final List<String> TASKS = Stream.concat(Stream.of("plane-detection", "saliency"),
            ClinicalTasks.TASKS.stream()).toList();

    private Transfers() {}

    /** The labelled plane-detection set of a configuration (simulator seed {@code transfer.dataSeed}). */
    public static PlaneFrames planeFrames(ExperimentConfig cfg) {
        var t = cfg.transfer();
        return PlaneFrames.simulate(t.dataSeed(), t.clips(), t.frames(), t.fps(), cfg.data().size(), cfg.data().crop(), t.testFraction());
    }

    /** The labelled gaze set of a configuration (same clips as {@link #planeFrames}). */
    public static SaliencyFrames saliencyFrames(ExperimentConfig cfg) {
        var t = cfg.transfer();
        return SaliencyFrames.simulate(t.dataSeed(), t.clips(), t.frames(), t.fps(), cfg.data().size(), cfg.data().crop(),
                t.testFraction(), t.gazeSigma());
    }

    /** One line of saliency metrics, mean ± std over seeds. */
    public static String describe(SaliencyTransfer.Result r) {
        StringBuilder s = new StringBuilder(String.format("%-40s saliency  ", r.encoder()));
        r.metrics().forEach((k, v) -> s.append(' ').append(k).append(' ').append(v));
        s.append(System.lineSeparator()).append(String.format("%-40s           ", "  centre-bias baseline"));
        r.centreBias().forEach((k, v) -> s.append(' ').append(k).append(' ').append(String.format("%.3f", v.mean())));
        return s.append(System.lineSeparator()).toString();
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

    /**
     * The tasks that fit pretraining data {@code source}: fetal sweeps → plane detection and saliency;
     * lung clips or a folder of videos → lung; echo → anomaly detection and LV segmentation; breast → BUSI.
     */
    public static List<String> tasksFor(String source) {
        return switch (source) {
            case "sim:fetal" -> List.of("plane-detection", "saliency");
            case "sim:lung" -> List.of("lung");
            case "sim:echo" -> List.of("echo-anomaly", "camus");
            case "sim:breast" -> List.of("busi-classify", "busi-segment");
            default -> List.of("lung");
        };
    }

    /** Checks the task name. */
    public static void check(String task) {
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("unknown transfer task '" + task + "'; choose one of " + TASKS);
        }
    }
}
