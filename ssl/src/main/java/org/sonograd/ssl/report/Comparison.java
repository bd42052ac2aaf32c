package org.sonograd.ssl.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.io.sim.FetalPlane;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.config.ExperimentConfig;
import org.sonograd.ssl.model.Encoder;
import org.sonograd.ssl.run.Pretraining;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.transfer.ClassificationMetrics;
import org.sonograd.ssl.transfer.Encoders;
import org.sonograd.ssl.transfer.Features;
import org.sonograd.ssl.transfer.MeanStd;
import org.sonograd.ssl.transfer.PlaneDetection;
import org.sonograd.ssl.transfer.PlaneFrames;
import org.sonograd.ssl.transfer.SaliencyFrames;
import org.sonograd.ssl.transfer.SaliencyTransfer;
import org.sonograd.ssl.transfer.Transfers;

/**
 * Pretrains each variant of a base configuration, evaluates every resulting encoder and a
 * random-init encoder on standard-plane detection and gaze prediction, and writes a report comparing them: the
 * experiment behind {@code sonograd demo} and {@code sonograd experiment}.
 */
public final class Comparison {
    private Comparison() {}

    /**
     * One pretraining run: its name, the settings that differ from the base, and the group it is
     * summarised in (runs that differ only by seed share a group).
     */
    public record Variant(String name, List<String> settings, String group) {}

    private static List<String> summary(String group, String protocol, List<ClassificationMetrics> m) {
        return List.of(group, protocol, Integer.toString(m.size()),
                MeanStd.of(m.stream().mapToDouble(ClassificationMetrics::accuracy).toArray()).toString(),
                MeanStd.of(m.stream().mapToDouble(ClassificationMetrics::macroF1).toArray()).toString(),
                MeanStd.of(m.stream().mapToDouble(ClassificationMetrics::macroPrecision).toArray()).toString(),
                MeanStd.of(m.stream().mapToDouble(ClassificationMetrics::macroRecall).toArray()).toString());
    }

    /** Runs everything under {@code runsRoot} and writes the report into {@code runsRoot/<reportName>}; returns the HTML path. */
    public static Path run(Path runsRoot, String reportName, List<String> base, List<Variant> variants, boolean quiet)
            throws IOException {
        long t0 = System.nanoTime();
        Path out = runsRoot.resolve(reportName);
        Document doc = new Document("Sonograd: self-supervised pretraining vs random init");
        ExperimentConfig baseCfg = ConfigTree.bind(ConfigTree.resolve(null, base));
        List<String> encoders = new ArrayList<>(List.of("random"));
        List<String> groups = new ArrayList<>(List.of("random init"));
        Map<String, Double> pretrainSeconds = new LinkedHashMap<>();
        doc.heading("Pretraining");
        for (Variant v : variants) {
            List<String> s = new ArrayList<>(base);
            s.addAll(v.settings());
            s.add("name=" + v.name());
            ObjectNode tree = ConfigTree.resolve(null, s);
            long p0 = System.nanoTime();
            System.err.println("pretraining " + v.name() + " " + v.settings());
            Pretraining.run(tree, runsRoot, false, quiet);
            pretrainSeconds.put(v.name(), (System.nanoTime() - p0) / 1e9);
            RunFolder run = RunFolder.of(runsRoot, v.name());
            RunReport.write(run);
            encoders.add(run.root().toString());
            groups.add(v.group());
            doc.paragraph(v.name() + ": " + String.join(", ", v.settings()) + String.format(" — %.0f s.", pretrainSeconds.get(v.name())));
            doc.image(v.name() + " training curves", "../" + v.name() + "/plots/loss.png");
        }
        System.err.println("simulating the labelled plane-detection set");
        PlaneFrames data = Transfers.planeFrames(baseCfg);
        int[] counts = new int[PlaneFrames.CLASSES];
        for (int i : data.test()) {
            counts[data.labels()[i]]++;
        }
        int majority = 0;
        for (int c : counts) {
            majority = Math.max(majority, c);
        }
        List<PlaneDetection.Result> results = new ArrayList<>();
        List<String> names = java.util.Arrays.stream(FetalPlane.values()).map(p -> p.name().toLowerCase()).toList();
        for (String e : encoders) {
            System.err.println("plane detection with encoder " + e);
            PlaneDetection.Result r = PlaneDetection.run(e, baseCfg.model(), data, baseCfg.transfer());
            results.add(r);
            String tag = e.equals("random") ? "random" : Path.of(e).getFileName().toString();
            ClassificationMetrics first = r.probe().perSeed().getFirst();
            Plots.confusion(out.resolve("plots/confusion-" + tag + ".png"), "linear probe, " + tag + ", seed 1", first.confusion(), names);
            try (Encoder enc = Encoders.load(e, baseCfg.model(), 1)) {
                int[] test = data.test();
                float[] f = Features.of(enc, data.gather(test), test.length, data.size());
                Plots.scatter(out.resolve("plots/pca-" + tag + ".png"), "PCA of test-frame features, " + tag, Pca.project2(f, test.length,
                        enc.features()), data.labelsOf(test), names);
            }
        }
        doc.heading("Standard-plane detection (simulated fetal sweeps, split by clip)");
        doc.paragraph(String.format("%d training and %d test frames, %d classes; the most frequent test class holds %.3f of"
                        + " the test frames (the accuracy of always predicting it). Mean ± std over %d seeds; the last"
                        + " step is evaluated, nothing is selected on the test split.", data.train().length, data.test().length,
                PlaneFrames.CLASSES, (double) majority / data.test().length, baseCfg.transfer().seeds()));
        List<List<String>> rows = Document.rows();
        for (PlaneDetection.Result r : results) {
            String tag = r.encoder().equals("random") ? "random init" : Path.of(r.encoder()).getFileName().toString();
            rows.add(List.of(tag, "linear probe", r.probe().accuracy().toString(), r.probe().macroF1().toString()));
            if (r.fineTune() != null) {
                rows.add(List.of(tag, "fine-tune", r.fineTune().accuracy().toString(), r.fineTune().macroF1().toString()));
            }
        }
        doc.table(List.of("encoder", "protocol", "accuracy", "macro-F1"), rows);
        doc.paragraph("By group (every evaluation seed of every pretraining seed pooled, so the spread includes the"
                + " pretraining seed):");
        Map<String, List<ClassificationMetrics>> probeByGroup = new LinkedHashMap<>();
        Map<String, List<ClassificationMetrics>> fineByGroup = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            probeByGroup.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).addAll(results.get(i).probe().perSeed());
            if (results.get(i).fineTune() != null) {
                fineByGroup.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).addAll(results.get(i).fineTune().perSeed());
            }
        }
        List<List<String>> grouped = Document.rows();
        probeByGroup.forEach((g, m) -> grouped.add(summary(g, "linear probe", m)));
        fineByGroup.forEach((g, m) -> grouped.add(summary(g, "fine-tune", m)));
        doc.table(List.of("group", "protocol", "n", "accuracy", "macro-F1", "macro-precision", "macro-recall"), grouped);
        for (String e : encoders) {
            String tag = e.equals("random") ? "random" : Path.of(e).getFileName().toString();
            doc.image("confusion matrix, " + tag, "plots/confusion-" + tag + ".png");
            doc.image("feature PCA, " + tag, "plots/pca-" + tag + ".png");
        }
        System.err.println("simulating the gaze set");
        SaliencyFrames gaze = Transfers.saliencyFrames(baseCfg);
        List<List<String>> sal = Document.rows();
        SaliencyTransfer.Result last = null;
        for (int i = 0; i < encoders.size(); i++) {
            String e = encoders.get(i);
            System.err.println("saliency with encoder " + e);
            SaliencyTransfer.Result r = SaliencyTransfer.run(e, baseCfg.model(), gaze, baseCfg.transfer());
            String tag = e.equals("random") ? "random" : Path.of(e).getFileName().toString();
            List<String> row = new ArrayList<>(List.of(tag));
            r.metrics().values().forEach(m -> row.add(m.toString()));
            sal.add(row);
            last = r;
            Plots.overlay(out.resolve("plots/saliency-" + tag + ".png"), "saliency " + tag, r.exampleFrame(),
                    new float[][] {r.exampleTarget(), r.examplePrediction()}, List.of("gaze density", "predicted, " + tag),
                    gaze.size(), gaze.size());
        }
        List<String> biasRow = new ArrayList<>(List.of("centre bias (mean training map, no encoder)"));
        last.centreBias().values().forEach(m -> biasRow.add(String.format("%.3f", m.mean())));
        sal.add(biasRow);
        doc.heading("Gaze (saliency) prediction");
        doc.paragraph(String.format("Frozen encoder + decoder trained to the gaze density (σ = %.1f px) of %d training"
                + " frames, evaluated on %d test frames; Bylinskii et al. metrics (KL lower is better, the others higher),"
                + " mean ± std over %d seeds.", baseCfg.transfer().gazeSigma(), gaze.split(false).length, gaze.split(true).length,
                baseCfg.transfer().seeds()));
        List<String> header = new ArrayList<>(List.of("encoder"));
        header.addAll(SaliencyTransfer.METRICS);
        doc.table(header, sal);
        for (String e : encoders) {
            String tag = e.equals("random") ? "random" : Path.of(e).getFileName().toString();
            doc.image("gaze density and prediction, " + tag, "plots/saliency-" + tag + ".png");
        }
        doc.heading("Setup");
        doc.paragraph("Base settings: " + String.join(", ", base) + String.format(". Total wall time %.0f s on %d threads.",
                (System.nanoTime() - t0) / 1e9, org.sonograd.kernels.Parallel.maxThreads()));
        return doc.write(out);
    }
}
