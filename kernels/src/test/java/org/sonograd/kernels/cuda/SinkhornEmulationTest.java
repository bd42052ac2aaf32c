package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;
import static org.sonograd.kernels.cuda.Close.widen;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaSinkhorn;
import org.sonograd.kernels.SinkhornReference;

/** sinkhorn.cu's log-domain steps under emulation against {@link SinkhornReference}. */
class SinkhornEmulationTest {
    @Test
    void assignmentsMatchTheReference() {
        Random random = new Random(21);
        int[][] shapes = {{1, 1}, {1, 5}, {3, 1}, {17, 33}, {65, 3}, {40, 300}};
        for (int[] s : shapes) {
            check(random, s[0], s[1], 0.05, 3);
        }
        check(random, 9, 70, 0.5, 1);
        check(random, 33, 7, 0.02, 10);  // scores/ε spans 100: exp would overflow without the log domain
    }

    private static void check(Random random, int b, int k, double epsilon, int iterations) {
        float[] scores = Close.uniform(random, b * k, -1, 1);
        float[] got;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(b * k);
            new CudaSinkhorn(s.launcher()).assign(b, k, s.upload(scores), (float) (1 / epsilon), iterations, out);
            got = s.floats(out);
        }
        double[] expected = SinkhornReference.assign(widen(scores), b, k, epsilon, iterations);
        assertClose("Sinkhorn " + b + "×" + k + " ε=" + epsilon + " it=" + iterations, expected, got, 2e-6, 1e-3);
    }
}
