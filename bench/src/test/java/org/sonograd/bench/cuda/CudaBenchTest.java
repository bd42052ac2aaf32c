package org.sonograd.bench.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sonograd.bench.BenchCommand;
import org.sonograd.kernels.cuda.CudaRuntime;
import org.sonograd.kernels.cuda.launch.EmulatedKernelLibrary;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;
import picocli.CommandLine;

/**
 * {@code sonograd bench --device cuda}: without a GPU it names the reason and fails; the same
 * benchmark cases run end to end through the emulated launcher and print one JSON line each.
 */
class CudaBenchTest {
    private static final Pattern LINE = Pattern.compile(
            "\\{\"op\":\"([a-z0-9_.]+)\",\"shape\":\"[^\"]+\",\"device\":\"cuda-emulated\",\"ms\":([0-9.e+-]+)"
                    + "(,\"gflops\":([0-9.e+-]+))?,\"ratio_to_peak\":null}");

    @Test
    void cudaWithoutAGpuSaysWhyAndFails() {
        Assumptions.assumeFalse(CudaRuntime.availability().available(), "this machine has a usable GPU");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchCommand()).execute("--device", "cuda");
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(3, code, text);
        assertTrue(text.contains("cuda        unavailable: " + CudaRuntime.availability().reason()), text);
        assertTrue(text.contains("bench --device cuda: the CUDA backend is unavailable here"), text);
    }

    @Test
    void theCudaCasesRunThroughTheEmulatedLauncher() {
        Assumptions.assumeTrue(EmulatedKernelLibrary.onPath("g++"), "g++ is not on PATH: the emulated launcher needs it");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the kernels module's tests build the same library there; reuse it when the sources match
        try (EmulatedLauncher launcher = EmulatedLauncher.open(Path.of("../kernels/target/cuda-emu/kernels"))) {
            new CudaBench(launcher, "cuda-emulated", CudaBench.Sizes.EMULATED,
                    new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> ops = List.of("gemm.sgemm_tiled", "conv3d.forward", "conv3d.backward_data", "conv3d.backward_weight",
                "infonce.symmetric_fwd_bwd", "sinkhorn.assign_3it");
        assertEquals(ops.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < ops.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(ops.get(i), m.group(1));
            assertTrue(Double.parseDouble(m.group(2)) > 0, lines.get(i));
            assertEquals(i < 4, m.group(4) != null, "GFLOP/s for the GEMM-shaped cases only: " + lines.get(i));
        }
    }
}
