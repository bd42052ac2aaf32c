package org.sonograd.kernels;

/**
 * The Philox-4×32-10 block function (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy
 * as 1, 2, 3", SC 2011), with the constants of Random123, cuRAND and PyTorch. It maps a 128-bit
 * counter (c0 least significant … c3) and a 64-bit key (k0, k1) to four 32-bit words. One round:
 *
 * <pre>
 *   (hi0, lo0) = M0 · c0,  (hi1, lo1) = M1 · c2          (32×32 → 64-bit products)
 *   c = (hi1 ⊕ c1 ⊕ k0,  lo1,  hi0 ⊕ c3 ⊕ k1,  lo0)
 *   k = (k0 + W0, k1 + W1)                                (between rounds)
 * </pre>
 * ten rounds in all.
 */
public final class Philox4x32 {
    /** Multiplier of word 0. */
    public static final int M0 = 0xD2511F53;
    /** Multiplier of word 2. */
    public static final int M1 = 0xCD9E8D57;
    /** Key increment of k0 (the golden ratio). */
    public static final int W0 = 0x9E3779B9;
    /** Key increment of k1 (√3 − 1). */
    public static final int W1 = 0xBB67AE85;
    /** Rounds. */
    public static final int ROUNDS = 10;

    private Philox4x32() {}

    /** Writes the four output words of counter (c0, c1, c2, c3) under key (k0, k1) into {@code out[0..3]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFF_FFFFL) * (c0 & 0xFFFF_FFFFL);
            long p1 = (M1 & 0xFFFF_FFFFL) * (c2 & 0xFFFF_FFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * The words of block {@code block} of the stream (seed, offset): key = (low, high) 32 bits of
     * the seed; counter = offset + block as an unsigned 128-bit sum (offset and block unsigned 64-bit).
     */
    public static void streamBlock(long seed, long offset, long block, int[] out) {
        long low = offset + block;
        int carry = Long.compareUnsigned(low, offset) < 0 ? 1 : 0;
        block((int) low, (int) (low >>> 32), carry, 0, (int) seed, (int) (seed >>> 32), out);
    }
}
