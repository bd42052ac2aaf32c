package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.Dim3;
import org.sonograd.kernels.cuda.launch.EmulatedKernelLibrary;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;
import org.sonograd.kernels.cuda.launch.KernelArgs;

/**
 * cuda_emu.h itself, on two deliberately broken kernels (src/test/cuda/selfcheck.cu) launched through
 * {@link EmulatedLauncher}: it must expose the bugs it claims to expose, report a failed launch as an
 * exception, and keep working after one.
 */
class CudaEmulatorTest {
    @Test
    void aBarrierThatHalfTheBlockSkipsFailsTheLaunchWithADeadlockReport() {
        try (EmulatedLauncher launcher = selfcheck()) {
            DeviceBuffer out = launcher.allocate(4 * 128);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> launcher.launch("selfcheck",
                    "selfcheck_divergent_barrier", Dim3.of(1), Dim3.of(32), 0, KernelArgs.create().ptr(out)));
            assertTrue(e.getMessage().contains("deadlock in block (0,0,0): 16 threads wait at __syncthreads"), e.getMessage());
            float[] after = exchange(launcher, 1);  // the emulator still runs kernels after a failed launch
            assertEquals(1f, after[0]);
        }
    }

    @Test
    void aMissingBarrierBetweenWriteAndReadGivesWrongValues() {
        float[] broken;
        float[] fixed;
        try (EmulatedLauncher launcher = selfcheck()) {
            broken = exchange(launcher, 0);
            fixed = exchange(launcher, 1);
        }
        int wrong = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 64; t++) {
                float expected = b * 64 + (t + 1) % 64;
                assertEquals(expected, fixed[b * 64 + t], "with the barrier, thread " + t + " of block " + b);
                wrong += broken[b * 64 + t] != expected ? 1 : 0;
            }
        }
        assertTrue(wrong >= 64, "without the barrier most reads must see a value not yet written, got " + wrong + " wrong");
    }

    private static float[] exchange(EmulatedLauncher launcher, int barrier) {
        DeviceBuffer out = launcher.allocate(4 * 128);
        launcher.launch("selfcheck", "selfcheck_neighbour_exchange", Dim3.of(2), Dim3.of(64), 0,
                KernelArgs.create().i32(barrier).ptr(out));
        float[] result = launcher.floats(out, 128);
        launcher.release(out);
        return result;
    }

    private static EmulatedLauncher selfcheck() {
        Assumptions.assumeTrue(EmulatedCuda.onPath("g++"), "g++ is not on PATH: the CUDA emulation tests need a C++20 compiler");
        try {
            Map<String, String> files = new LinkedHashMap<>();
            for (String header : List.of("sono_cuda.cuh", "cuda_emu.h")) {
                files.put(header, Files.readString(EmulatedCuda.KERNELS.resolve(header)));
            }
            files.put("selfcheck.cu", Files.readString(Path.of("src/test/cuda/selfcheck.cu")));
            return EmulatedLauncher.over(EmulatedKernelLibrary.build(EmulatedCuda.CACHE.resolve("selfcheck"), files,
                    List.of("selfcheck.cu")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
