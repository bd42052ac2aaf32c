package org.sonograd.ssl.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.run.MetricsLog;
import org.sonograd.ssl.run.RunFolder;

/** The plots and the report of one pretraining run: loss curves and learning rate from {@code metrics.jsonl}, the manifest. */
public final class RunReport {
    private static final List<String> NOT_CURVES = List.of("step", "epoch", "lr", "clips_per_s", "seconds", "live_bytes", "grad_norm");

    private RunReport() {}

    /** Writes {@code plots/loss.png} and {@code plots/lr.png} of a run; returns the names of the plotted series. */
    public static List<String> plots(RunFolder run) throws IOException {
        List<JsonNode> log = MetricsLog.read(run.metrics());
        if (log.isEmpty()) {
            throw new IllegalArgumentException(run.metrics() + ": no metrics logged yet");
        }
        double[] steps = log.stream().mapToDouble(r -> r.get("step").asDouble()).toArray();
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (Iterator<String> it = log.getFirst().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!NOT_CURVES.contains(k)) {
                curves.put(k, smooth(log.stream().mapToDouble(r -> r.has(k) ? r.get(k).asDouble() : Double.NaN).toArray(), 10));
            }
        }
        Plots.lines(run.plots().resolve("loss.png"), "training curves (moving average of 10 steps)", "step", steps, curves);
        Plots.lines(run.plots().resolve("lr.png"), "learning rate", "step", steps,
                Map.of("lr", log.stream().mapToDouble(r -> r.get("lr").asDouble()).toArray()));
        return new ArrayList<>(curves.keySet());
    }

    /** Writes the plots, {@code report.md} and {@code report.html} of a run. */
    public static java.nio.file.Path write(RunFolder run) throws IOException {
        List<String> series = plots(run);
        JsonNode manifest = ConfigTree.json().readTree(Files.readString(run.manifest()));
        List<JsonNode> log = MetricsLog.read(run.metrics());
        Document d = new Document("Run " + manifest.get("name").asText());
        d.paragraph("Recipe " + manifest.get("recipe").asText() + ", seed " + manifest.get("seed").asText() + ", "
                + manifest.get("parameters").asText() + " parameters, status: " + manifest.get("status").asText() + ".");
        d.paragraph("Commit " + manifest.get("gitCommit").asText() + "; data sha256 " + manifest.get("dataSha256").asText() + "; "
                + manifest.get("machine").toString());
        List<List<String>> rows = Document.rows();
        for (String k : series) {
            rows.add(List.of(k, fmt(mean(log, k, 0, 10)), fmt(mean(log, k, log.size() - 10, log.size()))));
        }
        d.heading("Training");
        d.table(List.of("series", "first 10 steps (mean)", "last 10 steps (mean)"), rows);
        d.image("training curves", "plots/loss.png");
        d.image("learning rate", "plots/lr.png");
        List<List<String>> ck = Document.rows();
        manifest.get("checkpoints").forEach(c -> ck.add(List.of(c.get("file").asText(), c.get("sha256").asText())));
        d.heading("Checkpoints");
        d.table(List.of("file", "sha256"), ck);
        return d.write(run.root());
    }

    private static double mean(List<JsonNode> log, String k, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, log.size()); i++) {
            if (log.get(i).has(k)) {
                s += log.get(i).get(k).asDouble();
                n++;
            }
        }
        return s / n;
    }

    static String fmt(double v) {
        return String.format("%.4f", v);
    }

    private static double[] smooth(double[] v, int window) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            int n = 0;
            for (int j = Math.max(0, i - window + 1); j <= i; j++) {
                if (!Double.isNaN(v[j])) {
                    s += v[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Double.NaN : s / n;
        }
        return out;
    }
}
