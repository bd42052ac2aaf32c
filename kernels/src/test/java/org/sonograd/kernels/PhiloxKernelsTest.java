package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class PhiloxKernelsTest {
    private static final ExecutionMode REVERSE_SERIAL = new ExecutionMode(VectorSupport.enabled(), true);

    /** The philox4x32-10 known-answer vectors of Random123 (kat_vectors). */
    @Test
    void blockFunctionMatchesRandom123KnownAnswers() {
        assertBlock(new int[] {0, 0, 0, 0}, new int[] {0, 0}, new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
        assertBlock(new int[] {-1, -1, -1, -1}, new int[] {-1, -1}, new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
        assertBlock(new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    private static void assertBlock(int[] counter, int[] key, int[] expected) {
        int[] out = new int[4];
        Philox4x32.block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        assertArrayEquals(expected, out);
    }

    @Test
    void streamCounterIsOffsetPlusBlockWithCarryIntoTheThirdWord() {
        int[] viaStream = new int[4];
        int[] direct = new int[4];
        long seed = 0x0123_4567_89ab_cdefL;
        Philox4x32.streamBlock(seed, -2L, 5, viaStream); // 2⁶⁴ − 2 + 5 = 2⁶⁴ + 3: low words 3, 0, carry 1
        Philox4x32.block(3, 0, 1, 0, 0x89ab_cdef, 0x0123_4567, direct);
        assertArrayEquals(direct, viaStream);
    }

    @Test
    void laneBlocksMatchTheScalarBlockFunction() {
        int count = 3 * jdk.incubator.vector.LongVector.SPECIES_PREFERRED.length() + 5;
        long[][] words = new long[4][count];
        int[] expected = new int[4];
        for (long offset : new long[] {0, -7, 0x7FFF_FFFF_FFFF_FFF0L}) { // −7: the counter carries into word 2 mid-batch
            long seed = 0xDEAD_BEEF_0123_4567L;
            PhiloxLanes.blocks(seed, offset, 2, count, words);
            for (int j = 0; j < count; j++) {
                Philox4x32.streamBlock(seed, offset, 2 + j, expected);
                for (int k = 0; k < 4; k++) {
                    assertEquals(expected[k] & 0xFFFF_FFFFL, words[k][j], "offset " + offset + " block " + (2 + j) + " word " + k);
                }
            }
        }
    }

    @Test
    void fillsMatchTheElementwiseDefinition() {
        try (Arena arena = Arena.ofShared()) {
            long[] offsets = {7, -3}; // −3 crosses the 64-bit carry within the stream
            for (long n : new long[] {1, 3, 17, 255, 1031, 20_000}) {
                for (long offset : offsets) {
                    long seed = 42 + n;
                    for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                        assertSameBits("uniform " + dtype + " n=" + n, arena, dtype, n,
                                out -> PhiloxKernels.uniform(seed, offset, out, dtype, n, -2, 3, ExecutionMode.DEFAULT),
                                out -> PhiloxReference.uniform(seed, offset, out, dtype, n, -2, 3));
                        assertSameBits("normal " + dtype + " n=" + n, arena, dtype, n,
                                out -> PhiloxKernels.normal(seed, offset, out, dtype, n, 1, 0.5, ExecutionMode.DEFAULT),
                                out -> PhiloxReference.normal(seed, offset, out, dtype, n, 1, 0.5));
                    }
                    for (DType dtype : DType.values()) {
                        assertSameBits("bernoulli " + dtype + " n=" + n, arena, dtype, n,
                                out -> PhiloxKernels.bernoulli(seed, offset, out, dtype, n, 0.3, ExecutionMode.DEFAULT),
                                out -> PhiloxReference.bernoulli(seed, offset, out, dtype, n, 0.3));
                    }
                    assertSameBits("permutation n=" + n, arena, DType.I64, n,
                            out -> PhiloxKernels.permutation(seed, offset, out, n),
                            out -> PhiloxReference.permutation(seed, offset, out, n));
                }
            }
        }
    }

    @Test
    void bitsDoNotDependOnTaskAssignment() {
        try (Arena arena = Arena.ofShared()) {
            long n = 50_003;
            assertSameBits("uniform", arena, DType.F32, n,
                    out -> PhiloxKernels.uniform(9, 0, out, DType.F32, n, 0, 1, ExecutionMode.DEFAULT),
                    out -> PhiloxKernels.uniform(9, 0, out, DType.F32, n, 0, 1, REVERSE_SERIAL));
            assertSameBits("bernoulli", arena, DType.F32, n,
                    out -> PhiloxKernels.bernoulli(9, 0, out, DType.F32, n, 0.5, ExecutionMode.DEFAULT),
                    out -> PhiloxKernels.bernoulli(9, 0, out, DType.F32, n, 0.5, REVERSE_SERIAL));
        }
    }

    private interface Fill {
        void into(MemorySegment out);
    }

    private static void assertSameBits(String what, Arena arena, DType dtype, long n, Fill fast, Fill reference) {
        MemorySegment a = arena.allocate(n * dtype.byteSize(), 64);
        MemorySegment b = arena.allocate(n * dtype.byteSize(), 64);
        fast.into(a);
        reference.into(b);
        assertEquals(-1, a.mismatch(b), what + ": first differing byte");
    }

    @Test
    void uniformAndNormalMomentsAreRight() {
        try (Arena arena = Arena.ofShared()) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                int n = dtype == DType.F32 ? 1_000_000 : 200_000;
                MemorySegment out = arena.allocate((long) n * dtype.byteSize(), 64);
                PhiloxKernels.uniform(1234, 0, out, dtype, n, 0, 1);
                double[] m = moments(out, dtype, n);
                // 6 standard errors: of the mean √(1/12/n), of the variance √(1/180/n)
                assertEquals(0.5, m[0], 6 * Math.sqrt(1.0 / 12 / n), "uniform mean " + dtype);
                assertEquals(1.0 / 12, m[1], 6 * Math.sqrt(1.0 / 180 / n), "uniform variance " + dtype);
                assertTrue(m[2] >= 0 && m[3] < 1, "uniform range [0, 1) " + dtype);

                PhiloxKernels.normal(1234, 1 << 20, out, dtype, n, 0, 1);
                m = moments(out, dtype, n);
                // 6 standard errors: of the mean √(1/n), of the variance √(2/n)
                assertEquals(0, m[0], 6 * Math.sqrt(1.0 / n), "normal mean " + dtype);
                assertEquals(1, m[1], 6 * Math.sqrt(2.0 / n), "normal variance " + dtype);
                assertTrue(m[2] < -4 && m[3] > 4, "normal tails reach beyond ±4σ " + dtype);
            }
        }
    }

    /** {mean, variance, min, max}. */
    private static double[] moments(MemorySegment out, DType dtype, int n) {
        double sum = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = ReductionTestData.get(out, dtype, i);
            sum += v;
            squares += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        return new double[] {mean, squares / n - mean * mean, min, max};
    }

    @Test
    void bernoulliFrequencyAndEdgeProbabilities() {
        try (Arena arena = Arena.ofShared()) {
            int n = 1_000_000;
            MemorySegment out = arena.allocate(n, 64);
            PhiloxKernels.bernoulli(77, 0, out, DType.U8, n, 0.3);
            long ones = 0;
            for (int i = 0; i < n; i++) {
                ones += out.get(JAVA_BYTE, i);
            }
            assertEquals(0.3, ones / (double) n, 6 * Math.sqrt(0.3 * 0.7 / n), "frequency of ones");
            PhiloxKernels.bernoulli(77, 0, out, DType.BOOL, 1000, 0.0);
            PhiloxKernels.bernoulli(77, 0, out.asSlice(1000), DType.BOOL, 1000, 1.0);
            for (int i = 0; i < 2000; i++) {
                assertEquals(i < 1000 ? 0 : 1, out.get(JAVA_BYTE, i), "p = 0 never, p = 1 always");
            }
        }
    }

    @Test
    void permutationIsAPermutationAndUniformOverSmallN() {
        try (Arena arena = Arena.ofShared()) {
            int n = 100_000;
            MemorySegment out = arena.allocate(n * 8L, 64);
            PhiloxKernels.permutation(5, 0, out, n);
            boolean[] seen = new boolean[n];
            int fixedPoints = 0;
            for (int i = 0; i < n; i++) {
                int v = (int) out.getAtIndex(JAVA_LONG, i);
                assertFalse(seen[v], "value " + v + " appears twice");
                seen[v] = true;
                fixedPoints += v == i ? 1 : 0;
            }
            assertTrue(fixedPoints < 10, "a random permutation has about one fixed point, got " + fixedPoints);

            // all 6 permutations of 3 elements, each about 1/6 of 6000 draws from successive offsets
            int draws = 6000;
            int[] counts = new int[6];
            MemorySegment small = arena.allocate(3 * 8L, 64);
            for (int d = 0; d < draws; d++) {
                PhiloxKernels.permutation(5, d * PhiloxKernels.blocksForPermutation(3), small, 3);
                long a = small.getAtIndex(JAVA_LONG, 0);
                long b = small.getAtIndex(JAVA_LONG, 1);
                counts[(int) (a * 2 + (b > (a == 0 ? 1 : 0) ? 1 : 0))]++;
            }
            double expected = draws / 6.0;
            for (int count : counts) {
                assertEquals(expected, count, 6 * Math.sqrt(expected * 5 / 6), "frequency of each permutation of 3");
            }
        }
    }

    @Test
    void argumentsAreChecked() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(16, 64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PhiloxKernels.uniform(1, 0, out, DType.F32, 5, 0, 1));
            assertTrue(e.getMessage().startsWith("uniform: 5 F32 elements need 20 bytes, the output has 16"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PhiloxKernels.bernoulli(1, 0, out, DType.U8, 4, 1.5));
            assertThrows(IllegalArgumentException.class, () -> PhiloxKernels.normal(1, 0, out, DType.I64, 2, 0, 1));
        }
    }
}
