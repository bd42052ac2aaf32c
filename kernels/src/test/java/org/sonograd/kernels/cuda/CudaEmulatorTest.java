package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** cuda_emu.h itself: it must expose the bugs it claims to expose, on two deliberately broken kernels. */
class CudaEmulatorTest {
    @Test
    void aBarrierThatHalfTheBlockSkipsAbortsWithADeadlockReport() {
        EmulatedCuda.Finished f = EmulatedCuda.start("selfcheck", List.of(0));
        assertNotEquals(0, f.exitCode(), "a divergent __syncthreads must not pass");
        assertTrue(f.errors().contains("deadlock in block (0,0,0): 16 threads wait at __syncthreads"), f.errors());
    }

    @Test
    void aMissingBarrierBetweenWriteAndReadGivesWrongValues() {
        float[] broken = EmulatedCuda.run("selfcheck", List.of(1)).floats(128);
        float[] fixed = EmulatedCuda.run("selfcheck", List.of(2)).floats(128);
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
}
