package org.sonograd.ssl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonograd.ssl.config.ConfigTree;
import org.sonograd.ssl.transfer.Roc;
import org.sonograd.ssl.transfer.TaskResult;

class TransferReportTest {
    @Test
    void writesMetricsJsonRocAndOverlayPlotsAndTheReport(@TempDir Path out) throws Exception {
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        perSeed.put("AUROC", new double[] {0.75, 0.85});
        perSeed.put("Dice lesion", new double[] {0.5, 0.7});
        int[] truth = new int[16 * 16];
        int[] pred = new int[16 * 16];
        for (int i = 0; i < 64; i++) {
            truth[100 + i] = 1;
            pred[110 + i] = 1;
        }
        TaskResult r = new TaskResult("demo", "runs/x", "fine-tune", "4 images", perSeed,
                Map.of("lesion vs rest", Roc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true})),
                List.of(new TaskResult.Overlay("img0", 16, new float[256], truth, pred)), new long[][] {{3, 1}, {0, 4}},
                List.of("a", "b"), 1.5);
        TransferReport.write(out, "demo", "sonograd transfer --task demo", List.of(r));
        JsonNode json = ConfigTree.json().readTree(Files.readString(out.resolve("metrics.json")));
        JsonNode auroc = json.get("results").get(0).get("metrics").get("AUROC");
        assertEquals(0.8, auroc.get("mean").asDouble(), 1e-12);
        assertEquals(Math.sqrt(0.005), auroc.get("std").asDouble(), 1e-12); // sample std of {0.75, 0.85}
        assertEquals(0.75, json.get("results").get(0).get("rocArea").get("lesion vs rest").asDouble(), 1e-12);
        for (JsonNode plot : json.get("results").get(0).get("plots")) {
            assertTrue(Files.size(out.resolve(plot.asText())) > 1000, plot.asText());
        }
        assertEquals(3, json.get("results").get(0).get("plots").size(), "ROC, overlay and confusion plots");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| runs/x | fine-tune | 0.800 ± 0.071 | 0.600 ± 0.141 | 2 |"), md);
    }
}
