package org.sonograd.io.sim;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Deterministic random streams keyed by a tuple such as (seed, video, frame, purpose).
 *
 * <p>The keys are folded with the SplitMix64 finaliser ({@code h = mix(h ^ key·φ)}, φ the 64-bit
 * golden ratio) into one 64-bit seed, which seeds a fresh {@code L64X128MixRandom}. A stream depends
 * only on its keys, never on which thread asks or in what order, so every simulated clip and every
 * augmentation is reproducible for any worker count. Streams are cheap to create; make one per
 * (clip, frame, purpose) and do not share it across threads.
 */
public final class KeyedRandom {
    private static final RandomGeneratorFactory<RandomGenerator> FACTORY =
            RandomGeneratorFactory.of("L64X128MixRandom");
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private KeyedRandom() {
    }

    /** A new generator determined by the keys alone. */
    public static RandomGenerator of(long... keys) {
        return FACTORY.create(hash(keys));
    }

    /** The 64-bit hash of the keys that seeds {@link #of}. */
    public static long hash(long... keys) {
        long h = 0x5EED5EED12345678L;
        for (long k : keys) {
            h = mix(h ^ (k * GOLDEN + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A purpose tag for {@link #of}, so streams for different uses never coincide. */
    public static long tag(String purpose) {
        long h = 1125899906842597L;
        for (int i = 0; i < purpose.length(); i++) {
            h = 31 * h + purpose.charAt(i);
        }
        return mix(h);
    }

    // SplitMix64 finaliser (Steele, Lea, Flood 2014)
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
