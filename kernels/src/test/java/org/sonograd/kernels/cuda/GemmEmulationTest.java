package org.sonograd.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.sonograd.kernels.cuda.Close.assertClose;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaGemm;
import org.sonograd.kernels.GemmReference;

/** gemm.cu's sgemm_tiled under emulation against {@link GemmReference}, at sizes that straddle the 64×64×16 tiles. */
class GemmEmulationTest {
    @Test
    void tiledGemmMatchesTheReferenceForEveryTransposeAndAwkwardSizes() {
        Random random = new Random(7);
        int[][] sizes = {{1, 1, 1}, {3, 17, 5}, {17, 3, 33}, {65, 33, 17}, {33, 65, 70}};
        for (int[] s : sizes) {
            for (int trans = 0; trans < 4; trans++) {
                check(random, trans & 1, trans >> 1, s[0], s[1], s[2], 1, 1.0f, 0.0f);
            }
        }
    }

    @Test
    void batchedGemmWithAlphaAndBetaMatchesTheReferencePerMatrix() {
        check(new Random(8), 0, 1, 19, 23, 29, 3, 0.5f, -2.0f);
        check(new Random(9), 1, 0, 64, 64, 16, 2, 1.5f, 0.25f);
    }

    private static void check(Random random, int transA, int transB, int m, int n, int k, int batch, float alpha, float beta) {
        int lda = (transA == 1 ? m : k) + 2;  // padded leading dimensions
        int ldb = (transB == 1 ? k : n) + 1;
        int ldc = n + 3;
        int sa = (transA == 1 ? k : m) * lda, sb = (transB == 1 ? n : k) * ldb, sc = m * ldc;
        float[] a = Close.uniform(random, batch * sa, -1, 1);
        float[] b = Close.uniform(random, batch * sb, -1, 1);
        float[] c = Close.uniform(random, batch * sc, -1, 1);
        float[] got;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer cd = s.upload(c);
            new CudaGemm(s.launcher()).sgemmBatched(transA == 1, transB == 1, m, n, k, alpha, s.upload(a), lda, sa,
                    s.upload(b), ldb, sb, beta, cd, ldc, sc, batch);
            got = s.floats(cd);
        }
        double[] expected = new double[batch * sc];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment as = arena.allocateFrom(JAVA_FLOAT, a);
            MemorySegment bs = arena.allocateFrom(JAVA_FLOAT, b);
            MemorySegment cs = arena.allocateFrom(JAVA_FLOAT, c);
            for (int z = 0; z < batch; z++) {
                GemmReference.sgemm(transA == 1, transB == 1, m, n, k, alpha, as, (long) z * sa, lda, bs, (long) z * sb, ldb,
                        beta, cs, (long) z * sc, ldc);
            }
            for (int i = 0; i < expected.length; i++) {
                expected[i] = cs.getAtIndex(JAVA_FLOAT, i);
            }
        }
        assertClose("sgemm_tiled transA=" + transA + " transB=" + transB + " " + m + "×" + n + "×" + k + " batch " + batch,
                expected, got, 1e-5 * k, 1e-5);
    }
}
