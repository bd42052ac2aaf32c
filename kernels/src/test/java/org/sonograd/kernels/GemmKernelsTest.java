package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM version against the reference at awkward sizes, all transpositions, padded leading
 * dimensions and offsets. F32 tolerance per element: (k + 2) · 2⁻²³ · (|alpha| Σ_p |a_ip b_pj| +
 * |beta c_ij|), the forward error bound of a length-k dot product; F64 the same with 2⁻⁵².
 */
class GemmKernelsTest {
    private static final GemmVersion[] FAST = {GemmVersion.V1_BLOCKED, GemmVersion.V2_PACKED, GemmVersion.V3_PACKED_SHARED};
    // (m, n, k): edge tiles, several row/column tiles (v2: 96x256), several k-blocks (256), several v3 column
    // blocks (2048 with AVX-512) and row blocks (1536)
    private static final int[][] SHAPES = {
            {1, 1, 1}, {3, 17, 255}, {17, 255, 3}, {255, 3, 17}, {17, 17, 17}, {1, 255, 255}, {255, 33, 255},
            {130, 70, 1031}, {100, 300, 300}, {7, 2100, 20}, {1540, 5, 3}};

    private static Arena arena;

    @BeforeAll
    static void open() {
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        arena.close();
    }

    /** A stored matrix with padding: rows × cols at element offset {@code offset}, row stride cols + pad. */
    private record Stored(MemorySegment seg, long offset, long ld, int rows, int cols) {}

    private static Stored stored(int rows, int cols, int pad, int offset, long elementBytes, Random random, double fill) {
        long ld = Math.max(1, cols) + pad;
        long elements = offset + rows * ld + 1;
        MemorySegment seg = arena.allocate(elements * elementBytes, 64);
        for (long i = 0; i < elements; i++) {
            double v = Double.isNaN(fill) ? random.nextDouble() * 2 - 1 : fill;
            if (elementBytes == 4) {
                seg.setAtIndex(JAVA_FLOAT, i, (float) v);
            } else {
                seg.setAtIndex(JAVA_DOUBLE, i, v);
            }
        }
        return new Stored(seg, offset, ld, rows, cols);
    }

    private static Stored copy(Stored s) {
        MemorySegment seg = arena.allocate(s.seg().byteSize(), 64);
        seg.copyFrom(s.seg());
        return new Stored(seg, s.offset(), s.ld(), s.rows(), s.cols());
    }

    @Test
    void everyVersionMatchesReferenceForAllShapesAndTranspositions() {
        Random random = new Random(1);
        for (int[] shape : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                float alpha = t == 3 ? -1f : 1.5f;
                float beta = t == 1 ? 0f : 0.5f;
                checkF32(shape[0], shape[1], shape[2], transA, transB, alpha, beta, t + 1, 2 * t + 1, random);
            }
        }
    }

    @Test
    void betaZeroDoesNotReadNaNInC() {
        Random random = new Random(2);
        int m = 40;
        int n = 70;
        int k = 300;
        Stored a = stored(m, k, 0, 0, 4, random, Double.NaN);
        Stored b = stored(k, n, 0, 0, 4, random, Double.NaN);
        for (GemmVersion version : GemmVersion.values()) {
            Stored c = stored(m, n, 3, 0, 4, random, Float.NaN);
            GemmKernels.sgemm(version, false, false, m, n, k, 1f, a.seg(), 0, k, b.seg(), 0, n, 0f, c.seg(), 0, c.ld());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertTrue(Float.isFinite(c.seg().getAtIndex(JAVA_FLOAT, i * c.ld() + j)), version + " read C");
                }
            }
        }
    }

    @Test
    void handComputedProduct() {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]; with alpha 2, beta -1 on C = 1: [[37,43],[85,99]]
        MemorySegment a = arena.allocate(16, 64);
        MemorySegment b = arena.allocate(16, 64);
        float[] av = {1, 2, 3, 4};
        float[] bv = {5, 6, 7, 8};
        for (int i = 0; i < 4; i++) {
            a.setAtIndex(JAVA_FLOAT, i, av[i]);
            b.setAtIndex(JAVA_FLOAT, i, bv[i]);
        }
        for (GemmVersion version : GemmVersion.values()) {
            MemorySegment c = arena.allocate(16, 64);
            GemmKernels.sgemm(version, false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {19, 22, 43, 50}, c.toArray(JAVA_FLOAT), version.label());
            c.fill((byte) 0);
            for (int i = 0; i < 4; i++) {
                c.setAtIndex(JAVA_FLOAT, i, 1f);
            }
            GemmKernels.sgemm(version, false, false, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, -1f, c, 0, 2);
            assertArrayEquals(new float[] {37, 43, 85, 99}, c.toArray(JAVA_FLOAT), version.label());
            // A^T · B^T = (B · A)^T: [[1,3],[2,4]] · [[5,7],[6,8]] = [[23,31],[34,46]]
            GemmKernels.sgemm(version, true, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {23, 31, 34, 46}, c.toArray(JAVA_FLOAT), version.label());
        }
    }

    @Test
    void emptyDepthScalesC() {
        MemorySegment c = arena.allocate(12, 64);
        for (int i = 0; i < 3; i++) {
            c.setAtIndex(JAVA_FLOAT, i, 4f);
        }
        MemorySegment empty = arena.allocate(4, 64);
        for (GemmVersion version : GemmVersion.values()) {
            GemmKernels.sgemm(version, false, false, 1, 3, 0, 1f, empty, 0, 1, empty, 0, 3, 0.5f, c, 0, 3);
        }
        // four versions, each halving: 4 / 16
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, c.toArray(JAVA_FLOAT));
    }

    @Test
    void resultBitsDoNotDependOnThreadCount() {
        Random random = new Random(3);
        int m = 100;
        int n = 70;
        int k = 300;
        Stored a = stored(m, k, 0, 0, 4, random, Double.NaN);
        Stored b = stored(k, n, 0, 0, 4, random, Double.NaN);
        Stored c0 = stored(m, n, 0, 0, 4, random, Double.NaN);
        int saved = Parallel.maxThreads();
        try {
            for (GemmVersion version : FAST) {
                float[][] results = new float[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setMaxThreads(Math.min(threads, Parallel.threads()));
                    Stored c = copy(c0);
                    GemmKernels.sgemm(version, false, true, m, n, k, 0.7f, a.seg(), 0, k, b.seg(), 0, k, 0.3f, c.seg(), 0, n);
                    results[threads - 1] = c.seg().toArray(JAVA_FLOAT);
                }
                assertArrayEquals(results[0], results[1], version.label() + " bits differ between 1 and 2 threads");
            }
        } finally {
            Parallel.setMaxThreads(saved);
        }
    }

    @Test
    void batchedMatchesOneCallPerMatrix() {
        Random random = new Random(4);
        int batch = 3;
        int m = 17;
        int n = 40;
        int k = 33;
        long strideA = m * k + 5;
        long strideB = k * n + 7;
        long strideC = m * n + 3;
        Stored a = stored(batch, (int) strideA, 0, 2, 4, random, Double.NaN);
        Stored b = stored(batch, (int) strideB, 0, 1, 4, random, Double.NaN);
        Stored c = stored(batch, (int) strideC, 0, 4, 4, random, Double.NaN);
        Stored expected = copy(c);
        GemmKernels.sgemmBatched(batch, false, false, m, n, k, 1.25f, a.seg(), 2, k, strideA, b.seg(), 1, n, strideB,
                0.5f, c.seg(), 4, n, strideC);
        for (int i = 0; i < batch; i++) {
            GemmKernels.sgemm(false, false, m, n, k, 1.25f, a.seg(), 2 + i * strideA, k, b.seg(), 1 + i * strideB, n,
                    0.5f, expected.seg(), 4 + i * strideC, n);
        }
        assertArrayEquals(expected.seg().toArray(JAVA_FLOAT), c.seg().toArray(JAVA_FLOAT));

        Stored ad = stored(batch, (int) strideA, 0, 2, 8, random, Double.NaN);
        Stored bd = stored(batch, (int) strideB, 0, 1, 8, random, Double.NaN);
        Stored cd = stored(batch, (int) strideC, 0, 4, 8, random, Double.NaN);
        Stored expectedD = copy(cd);
        GemmKernels.dgemmBatched(batch, true, false, m, n, k, 1.25, ad.seg(), 2, m, strideA, bd.seg(), 1, n, strideB,
                0.5, cd.seg(), 4, n, strideC);
        for (int i = 0; i < batch; i++) {
            GemmReference.dgemm(true, false, m, n, k, 1.25, ad.seg(), 2 + i * strideA, m, bd.seg(), 1 + i * strideB, n,
                    0.5, expectedD.seg(), 4 + i * strideC, n);
        }
        assertClose(expectedD.seg().toArray(JAVA_DOUBLE), cd.seg().toArray(JAVA_DOUBLE), 1e-12);
    }

    @Test
    void dgemmMatchesReference() {
        Random random = new Random(5);
        for (int[] shape : new int[][] {{1, 1, 1}, {3, 17, 255}, {255, 3, 17}, {33, 600, 40}, {130, 70, 1031}}) {
            for (int t = 0; t < (shape[2] > 1000 ? 1 : 4); t++) {
                checkF64(shape[0], shape[1], shape[2], (t & 1) != 0, (t & 2) != 0, t == 2 ? -2.0 : 1.0, t == 0 ? 0 : 0.25,
                        t + 2, random);
            }
        }
    }

    @Test
    void errorsNameOpAndRule() {
        MemorySegment small = arena.allocate(64, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmKernels.sgemm(false, false, 2, 2, 4, 1f, small, 0, 3, small, 0, 2, 0f, small, 0, 2));
        assertTrue(e.getMessage().contains("sgemm") && e.getMessage().contains("lda=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GemmKernels.dgemm(false, false, 4, 4, 4, 1, small, 0, 4, small, 0, 4, 0, small, 0, 4));
        assertTrue(e.getMessage().contains("dgemm") && e.getMessage().contains("buffer holds"), e.getMessage());
        assertEquals(GemmVersion.V2_PACKED, GemmVersion.byName("gemm:v2"));
        assertEquals(GemmVersion.V3_PACKED_SHARED, GemmVersion.byName("v3"));
        assertThrows(IllegalArgumentException.class, () -> GemmVersion.byName("gemm:v9"));
    }

    private static void checkF32(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta,
                                 int pad, int offset, Random random) {
        Stored a = transA ? stored(k, m, pad, offset, 4, random, Double.NaN) : stored(m, k, pad, offset, 4, random, Double.NaN);
        Stored b = transB ? stored(n, k, pad + 1, offset, 4, random, Double.NaN) : stored(k, n, pad + 1, offset, 4, random, Double.NaN);
        Stored c0 = stored(m, n, pad + 2, offset, 4, random, beta == 0 ? Float.NaN : Double.NaN);
        Stored expected = copy(c0);
        GemmReference.sgemm(transA, transB, m, n, k, alpha, a.seg(), offset, a.ld(), b.seg(), offset, b.ld(),
                beta, expected.seg(), offset, expected.ld());
        double[] tolerance = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double bound = 0;
                for (int p = 0; p < k; p++) {
                    double av = a.seg().getAtIndex(JAVA_FLOAT, offset + (transA ? p * a.ld() + i : i * a.ld() + p));
                    double bv = b.seg().getAtIndex(JAVA_FLOAT, offset + (transB ? j * b.ld() + p : p * b.ld() + j));
                    bound += Math.abs(av * bv);
                }
                double old = beta == 0 ? 0 : Math.abs(beta * c0.seg().getAtIndex(JAVA_FLOAT, offset + i * c0.ld() + j));
                tolerance[i * n + j] = (k + 2) * 0x1p-23 * (Math.abs(alpha) * bound + old) + Float.MIN_NORMAL;
            }
        }
        for (GemmVersion version : FAST) {
            Stored c = copy(c0);
            GemmKernels.sgemm(version, transA, transB, m, n, k, alpha, a.seg(), offset, a.ld(), b.seg(), offset, b.ld(),
                    beta, c.seg(), offset, c.ld());
            String where = version.label() + " m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long at = offset + i * c.ld() + j;
                    float want = expected.seg().getAtIndex(JAVA_FLOAT, at);
                    float got = c.seg().getAtIndex(JAVA_FLOAT, at);
                    if (!(Math.abs(got - want) <= tolerance[i * n + j])) {
                        throw new AssertionError(where + ": C[" + i + "," + j + "] = " + got + ", reference " + want
                                + ", tolerance " + tolerance[i * n + j]);
                    }
                }
            }
            // Padding between rows of C must be untouched.
            for (int i = 0; i < m; i++) {
                for (long j = n; j < c.ld(); j++) {
                    long at = offset + i * c.ld() + j;
                    assertEquals(Float.floatToRawIntBits(c0.seg().getAtIndex(JAVA_FLOAT, at)),
                            Float.floatToRawIntBits(c.seg().getAtIndex(JAVA_FLOAT, at)), where + ": padding written");
                }
            }
        }
    }

    private static void checkF64(int m, int n, int k, boolean transA, boolean transB, double alpha, double beta,
                                 int pad, Random random) {
        int offset = 3;
        Stored a = transA ? stored(k, m, pad, offset, 8, random, Double.NaN) : stored(m, k, pad, offset, 8, random, Double.NaN);
        Stored b = transB ? stored(n, k, pad, offset, 8, random, Double.NaN) : stored(k, n, pad, offset, 8, random, Double.NaN);
        Stored c = stored(m, n, pad, offset, 8, random, beta == 0 ? Double.NaN : 0.5);
        if (beta == 0) {
            c.seg().fill((byte) -1); // NaN everywhere: must not be read
        }
        Stored expected = copy(c);
        GemmReference.dgemm(transA, transB, m, n, k, alpha, a.seg(), offset, a.ld(), b.seg(), offset, b.ld(),
                beta, expected.seg(), offset, expected.ld());
        GemmKernels.dgemm(transA, transB, m, n, k, alpha, a.seg(), offset, a.ld(), b.seg(), offset, b.ld(),
                beta, c.seg(), offset, c.ld());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long at = offset + i * c.ld() + j;
                double want = expected.seg().getAtIndex(JAVA_DOUBLE, at);
                double got = c.seg().getAtIndex(JAVA_DOUBLE, at);
                double tol = (k + 2) * 0x1p-52 * (Math.abs(alpha) * k + Math.abs(beta)) ;
                assertTrue(Math.abs(got - want) <= tol, "dgemm m=" + m + " n=" + n + " k=" + k + " C[" + i + "," + j
                        + "] = " + got + ", reference " + want);
            }
        }
    }

    private static void assertClose(double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= tol, "element " + i + ": " + got[i] + " vs " + want[i]);
        }
    }
}
