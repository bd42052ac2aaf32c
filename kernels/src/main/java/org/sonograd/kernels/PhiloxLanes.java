package org.sonograd.kernels;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Philox4x32#streamBlock} for consecutive blocks, one block per long lane: every 32-bit
 * word is held zero-extended in a 64-bit lane, so M · c is the exact 64-bit product and its high
 * and low halves are a shift and a mask away. Same words, bit for bit, as the scalar function.
 */
final class PhiloxLanes {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final long M0 = Philox4x32.M0 & LOW32;
    private static final long M1 = Philox4x32.M1 & LOW32;

    private PhiloxLanes() {}

    /**
     * Words of blocks first .. first+count−1 of the stream (seed, offset): word w of block first+j
     * goes to {@code words[w][j]} (zero-extended). Whole vectors of blocks in lanes, the rest scalar.
     */
    static void blocks(long seed, long offset, long first, int count, long[][] words) {
        long[] keys = roundKeys(seed);
        LongVector iota = LongVector.zero(S).addIndex(1);
        int j = 0;
        for (; j <= count - S.length(); j += S.length()) {
            LongVector low = iota.add(offset + first + j);
            LongVector c0 = low.and(LOW32);
            LongVector c1 = low.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = LongVector.zero(S).blend(1L, low.compare(VectorOperators.ULT, offset));
            LongVector c3 = LongVector.zero(S);
            for (int round = 0; round < Philox4x32.ROUNDS; round++) {
                LongVector p0 = c0.mul(M0);
                LongVector p1 = c2.mul(M1);
                LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, keys[2 * round]);
                LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, keys[2 * round + 1]);
                c1 = p1.and(LOW32);
                c3 = p0.and(LOW32);
                c0 = n0;
                c2 = n2;
            }
            c0.intoArray(words[0], j);
            c1.intoArray(words[1], j);
            c2.intoArray(words[2], j);
            c3.intoArray(words[3], j);
        }
        int[] w = new int[4];
        for (; j < count; j++) {
            Philox4x32.streamBlock(seed, offset, first + j, w);
            for (int k = 0; k < 4; k++) {
                words[k][j] = w[k] & LOW32;
            }
        }
    }

    /** (k0, k1) of every round, zero-extended: the seed's halves plus round · (W0, W1) mod 2³². */
    private static long[] roundKeys(long seed) {
        long[] keys = new long[2 * Philox4x32.ROUNDS];
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        for (int round = 0; round < Philox4x32.ROUNDS; round++) {
            keys[2 * round] = k0 & LOW32;
            keys[2 * round + 1] = k1 & LOW32;
            k0 += Philox4x32.W0;
            k1 += Philox4x32.W1;
        }
        return keys;
    }
}
