package org.sonograd.ssl.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sonograd.ssl.config.ExperimentConfig;

/**
 * The clinical transfer tasks by name: loads the task's data once (real files, or {@code sim:<scene>})
 * at the encoders' input size and evaluates every encoder on it.
 * <ul>
 *   <li>{@code lung}: POCUS videos ({@code <data>/pocus}) or {@code sim:lung}, Meta-USCL last-stage fine-tune, CV by video;</li>
 *   <li>{@code busi-classify}: BUSI, linear probe and fine-tune, CV by image;</li>
 *   <li>{@code busi-segment}: BUSI benign and malignant lesions, encoder + U-Net decoder;</li>
 *   <li>{@code hc18}: HC18 head segmentation and circumference;</li>
 *   <li>{@code camus}: CAMUS or {@code sim:echo}, LV / myocardium / LA segmentation, folds by patient (clip);</li>
 *   <li>{@code echo-anomaly}: {@code sim:echo}, zero-shot k-NN normal vs abnormal;</li>
 *   <li>{@code probe}: any {@code <root>/<class>/<files>} folder, linear probe, folds by file.</li>
 * </ul>
 */
public final class ClinicalTasks {
    /** The task names. */
    public static final List<String> TASKS = List.of("lung", "busi-classify", "busi-segment", "hc18", "camus", "echo-anomaly",
            "probe");

    private ClinicalTasks() {}

    /**
     * Runs {@code task} for every encoder. {@code data} is a folder, {@code sim:<scene>} or null (the
     * task's default: the real dataset under {@link DataRoot}, or {@code sim:echo} for echo-anomaly).
     */
    public static List<TaskResult> run(String task, String data, ExperimentConfig cfg, List<String> encoders) throws IOException {
        ExperimentConfig.TransferConfig t = cfg.transfer();
        int size = t.imageSize() > 0 ? t.imageSize() : inputSize(encoders, cfg.data().inputSize());
        List<TaskResult> out = new ArrayList<>();
        switch (task) {
            case "lung" -> {
                TaskImages d = isSim(data) ? simulated(data, t, size) : FolderImages.load(folder(data, "pocus"), size, t.videoFrames());
                for (String e : encoders) {
                    out.add(ClassificationTransfer.run(task, e, cfg.model(), d, t, "last-stage"));
                }
            }
            case "busi-classify" -> {
                TaskImages d = BusiImages.load(folder(data, "busi"), size);
                for (String e : encoders) {
                    out.add(ClassificationTransfer.run(task, e, cfg.model(), d, t, "probe"));
                    out.add(ClassificationTransfer.run(task, e, cfg.model(), d, t, "fine-tune"));
                }
            }
            case "busi-segment" -> {
                TaskImages d = BusiImages.load(folder(data, "busi"), size).onlyClasses(List.of("benign", "malignant"));
                for (String e : encoders) {
                    out.add(SegmentationTransfer.run(task, e, cfg.model(), d, t, null));
                }
            }
            case "hc18" -> {
                Hc18Images d = Hc18Images.load(folder(data, "hc18"), size);
                for (String e : encoders) {
                    out.add(FetalHead.run(e, cfg.model(), d, t));
                }
            }
            case "camus" -> {
                TaskImages d = isSim(data) ? simulated(data, t, size) : CamusImages.load(folder(data, "camus"), size);
                for (String e : encoders) {
                    out.add(SegmentationTransfer.run(isSim(data) ? "sim-echo-seg" : task, e, cfg.model(), d, t, null));
                }
            }
            case "echo-anomaly" -> {
                TaskImages d = simulated(data == null ? "sim:echo" : data, t, size);
                for (String e : encoders) {
                    out.add(EchoAnomaly.run(e, cfg.model(), d, t));
                }
            }
            case "probe" -> {
                if (data == null) {
                    throw new IllegalArgumentException("task probe needs --data <root> with <root>/<class>/<images or videos>");
                }
                TaskImages d = FolderImages.load(Path.of(data), size, t.videoFrames());
                for (String e : encoders) {
                    out.add(ProbeFolder.run(e, cfg.model(), d, t));
                }
            }
            default -> throw new IllegalArgumentException("unknown clinical task '" + task + "'; choose one of " + TASKS);
        }
        return out;
    }

    /** The input size of the first pretrained encoder (the run's {@code data.inputSize()}), else {@code fallback}. */
    static int inputSize(List<String> encoders, int fallback) throws IOException {
        for (String e : encoders) {
            if (!e.equals("random")) {
                return Encoders.inputSize(e, fallback);
            }
        }
        return fallback;
    }

    private static boolean isSim(String data) {
        return data != null && data.startsWith("sim:");
    }

    private static TaskImages simulated(String source, ExperimentConfig.TransferConfig t, int size) {
        return SimulatedImages.simulate(source, t.dataSeed(), t.clips(), t.videoFrames(), t.fps(), size);
    }

    private static Path folder(String data, String name) {
        return data != null ? Path.of(data) : DataRoot.dataset(name);
    }
}
