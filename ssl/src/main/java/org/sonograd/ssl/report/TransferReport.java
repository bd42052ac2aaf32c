package org.sonograd.ssl.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.run.RunFolder;
import org.sonograd.ssl.transfer.MeanStd;
import org.sonograd.ssl.transfer.SegmentationMetrics;
import org.sonograd.ssl.transfer.TaskResult;

/**
 * The output folder of one clinical transfer run: {@code metrics.json} (per encoder and protocol,
 * every metric's per-seed values, mean and std), {@code plots/} (ROC curves, segmentation overlays,
 * confusion matrices) and {@code report.md} / {@code report.html} with a table per task.
 */
public final class TransferReport {
    private TransferReport() {}

    /** Writes the folder for {@code results} of {@code task}; returns the HTML report's path. */
    public static Path write(Path folder, String task, String command, List<TaskResult> results) throws IOException {
        Files.createDirectories(folder.resolve("plots"));
        ObjectNode root = ConfigTree.json().createObjectNode();
        root.put("task", task);
        root.put("command", command);
        ArrayNode runs = root.putArray("results");
        Document d = new Document("Transfer: " + task);
        d.paragraph("Command: " + command);
        List<String> metricNames = new ArrayList<>();
        results.forEach(r -> r.perSeed().keySet().forEach(k -> {
            if (!metricNames.contains(k)) {
                metricNames.add(k);
            }
        }));
        List<String> header = new ArrayList<>(List.of("encoder", "protocol"));
        header.addAll(metricNames);
        header.add("seeds");
        header.add("wall s");
        List<List<String>> rows = Document.rows();
        int index = 0;
        for (TaskResult r : results) {
            ObjectNode run = runs.addObject();
            run.put("encoder", r.encoder());
            run.put("protocol", r.protocol());
            run.put("data", r.data());
            run.put("seconds", r.seconds());
            ObjectNode metrics = run.putObject("metrics");
            Map<String, MeanStd> summary = r.summary();
            List<String> row = new ArrayList<>(List.of(r.encoder(), r.protocol()));
            for (String m : metricNames) {
                MeanStd ms = summary.get(m);
                row.add(ms == null ? "" : ms.toString());
            }
            row.add(Integer.toString(r.seeds()));
            row.add(String.format("%.0f", r.seconds()));
            rows.add(row);
            r.perSeed().forEach((k, v) -> {
                ObjectNode m = metrics.putObject(k);
                m.put("mean", summary.get(k).mean());
                m.put("std", summary.get(k).std());
                ArrayNode values = m.putArray("perSeed");
                for (double x : v) {
                    values.add(x);
                }
            });
            String stem = index + "-" + slug(r.encoder()) + "-" + r.protocol().replaceAll("[^a-z0-9]+", "-");
            List<String[]> images = new ArrayList<>();
            if (!r.rocs().isEmpty()) {
                Map<String, double[][]> curves = new LinkedHashMap<>();
                r.rocs().forEach((k, roc) -> curves.put(k, new double[][] {roc.fpr(), roc.tpr()}));
                Plots.roc(folder.resolve("plots/roc-" + stem + ".png"), "ROC, seed 1: " + r.encoder() + " " + r.protocol(), curves);
                images.add(new String[] {"ROC curves of seed 1", "plots/roc-" + stem + ".png"});
            }
            if (!r.overlays().isEmpty()) {
                List<String> captions = new ArrayList<>();
                List<float[]> raws = new ArrayList<>();
                List<int[]> truths = new ArrayList<>();
                List<int[]> preds = new ArrayList<>();
                for (TaskResult.Overlay o : r.overlays()) {
                    captions.add(String.format("%s  Dice %.3f", o.caption(), SegmentationMetrics.dice(o.predicted(), o.truth(), 1)));
                    raws.add(o.raw());
                    truths.add(o.truth());
                    preds.add(o.predicted());
                }
                Plots.segmentation(folder.resolve("plots/overlay-" + stem + ".png"), captions, raws, truths, preds,
                        r.overlays().getFirst().size());
                images.add(new String[] {"test images of seed 1: truth and prediction", "plots/overlay-" + stem + ".png"});
            }
            if (r.confusion() != null) {
                Plots.confusion(folder.resolve("plots/confusion-" + stem + ".png"), r.encoder() + " " + r.protocol()
                        + " (all seeds)", r.confusion(), r.classes());
                images.add(new String[] {"confusion matrix summed over seeds", "plots/confusion-" + stem + ".png"});
            }
            ArrayNode plots = run.putArray("plots");
            images.forEach(i -> plots.add(i[1]));
            ObjectNode aurocs = run.putObject("rocArea");
            r.rocs().forEach((k, roc) -> aurocs.put(k, roc.area()));
            index++;
        }
        d.heading("Metrics (mean ± std over seeds)");
        d.table(header, rows);
        for (TaskResult r : results) {
            d.paragraph(r.encoder() + ", " + r.protocol() + ": " + r.data());
        }
        d.heading("Plots");
        index = 0;
        for (TaskResult r : results) {
            String stem = index + "-" + slug(r.encoder()) + "-" + r.protocol().replaceAll("[^a-z0-9]+", "-");
            for (String kind : List.of("roc", "overlay", "confusion")) {
                Path p = folder.resolve("plots/" + kind + "-" + stem + ".png");
                if (Files.exists(p)) {
                    d.image(kind + ": " + r.encoder() + " " + r.protocol(), "plots/" + kind + "-" + stem + ".png");
                }
            }
            index++;
        }
        RunFolder.writeAtomically(folder.resolve("metrics.json"),
                ConfigTree.json().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return d.write(folder);
    }

    private static String slug(String encoder) {
        String s = encoder.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.length() > 40 ? s.substring(s.length() - 40) : s;
    }
}
