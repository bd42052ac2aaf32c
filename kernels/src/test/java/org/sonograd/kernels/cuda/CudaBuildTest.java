package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The nvcc step of the build (src/build/build-cuda.sh): every kernel of every .cu file compiled to a
 * cubin for sm_80 and sm_90 and to PTX, packaged as resources, within the resource budget below.
 */
class CudaBuildTest {
    /** The budget every kernel must meet: no register spills, at most 128 registers per thread. */
    static final int MAX_REGISTERS = 128;
    static final int MAX_SPILL_BYTES = 0;

    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void(?: __launch_bounds__\\([^)]*\\))?\\s+(\\w+)\\(");

    @Test
    void everyKernelIsBuiltForSm80AndSm90WithinTheBudget() throws IOException {
        Assumptions.assumeTrue(EmulatedCuda.onPath("nvcc"), "nvcc is not on PATH: the build skipped the CUDA kernels");
        Path report = Path.of("target/cuda/resources.tsv");
        assertTrue(Files.exists(report), "the build ran nvcc but wrote no " + report);
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(report);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            rows.put(f[1] + " " + f[2], f);
        }
        TreeSet<String> kernels = new TreeSet<>();
        for (String family : CudaModules.FAMILIES) {
            Matcher m = KERNEL.matcher(Files.readString(EmulatedCuda.KERNELS.resolve(family + ".cu")));
            int found = 0;
            while (m.find()) {
                kernels.add(m.group(1));
                found++;
            }
            assertTrue(found > 0, family + ".cu declares no extern \"C\" kernel");
            for (String image : List.of(family + ".ptx", family + ".sm_80.cubin", family + ".sm_90.cubin")) {
                assertTrue(CudaModules.read(image).map(b -> b.length > 0).orElse(false), image + " is not packaged");
            }
        }
        for (String kernel : kernels) {
            for (String arch : List.of("sm_80", "sm_90")) {
                String[] f = rows.get(arch + " " + kernel);
                assertTrue(f != null, kernel + " has no " + arch + " entry in " + report);
                int registers = Integer.parseInt(f[3]);
                assertTrue(registers <= MAX_REGISTERS, kernel + " on " + arch + " uses " + registers + " registers");
                assertEquals(MAX_SPILL_BYTES, Integer.parseInt(f[4]), kernel + " on " + arch + " spills (stores)");
                assertEquals(MAX_SPILL_BYTES, Integer.parseInt(f[5]), kernel + " on " + arch + " spills (loads)");
            }
        }
        assertEquals(2 * kernels.size(), rows.size(), "the report lists kernels the sources do not declare: " + rows.keySet());
    }
}
