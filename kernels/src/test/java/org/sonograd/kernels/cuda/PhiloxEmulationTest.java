package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaPhilox;

/**
 * philox.cu under emulation: the Random123 known-answer vectors for Philox-4×32-10, a 128-bit counter
 * carry, and the element mapping of uniform/bernoulli draws against an independent Java transcription
 * of the generator (PhiloxKernels on the CPU is to produce the same numbers; see docs/cuda.md).
 */
class PhiloxEmulationTest {
    @Test
    void random123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, raw(1, 0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, raw(1, -1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                raw(1, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void consecutiveBlocksCarryAcrossTheCounterWords() {
        int[] got = raw(3, -1, -1, 0, 0, 7, 9);  // counter 2^64 − 1, then 2^64 and 2^64 + 1
        for (int i = 0; i < 3; i++) {
            long low = -1L + i;
            int[] expected = philox((int) low, (int) (low >>> 32), i == 0 ? 0 : 1, 0, 7, 9);
            for (int w = 0; w < 4; w++) {
                assertEquals(expected[w], got[4 * i + w], "block " + i + " word " + w);
            }
        }
    }

    @Test
    void uniformAndBernoulliFollowTheElementMapping() {
        long seed = 0x1234_5678_9abc_def0L;
        long offset = 41;
        int n = 1030;  // not a multiple of 4: the last block is used in part
        float[] uniform;
        float[] bernoulli;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            CudaPhilox philox = new CudaPhilox(s.launcher());
            DeviceBuffer u = s.allocate(n);
            DeviceBuffer b = s.allocate(n);
            philox.uniform(n, seed, offset, -2.0f, 3.0f, u);
            philox.bernoulli(n, seed, offset, 0.3f, b);
            uniform = s.floats(u);
            bernoulli = s.floats(b);
        }
        for (int i = 0; i < n; i++) {
            long counter = offset + i / 4;
            int word = philox((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32))[i % 4];
            float u = (word >>> 8) * 0x1p-24f;
            assertEquals(-2.0f + 5.0f * u, uniform[i], "uniform element " + i);
            assertEquals(u < 0.3f ? 1f : 0f, bernoulli[i], "bernoulli element " + i);
        }
    }

    private static int[] raw(int blocks, int c0, int c1, int c2, int c3, int k0, int k1) {
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(4L * blocks);
            new CudaPhilox(s.launcher()).blocks(blocks, c0, c1, c2, c3, k0, k1, out);
            return s.ints(out);
        }
    }

    /** Philox-4×32-10 transcribed from Random123's philox.h, in Java. */
    private static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            long p0 = 0xD2511F53L * Integer.toUnsignedLong(c0);
            long p1 = 0xCD9E8D57L * Integer.toUnsignedLong(c2);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }
        return new int[] {c0, c1, c2, c3};
    }
}
