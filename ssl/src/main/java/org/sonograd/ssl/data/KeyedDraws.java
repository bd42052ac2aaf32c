package org.sonograd.ssl.data;

import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Uniform numbers for one (seed, stream, step): a Philox window of its own, so what a step draws
 * is a pure function of those keys, never of earlier steps, of the thread count or of a resume.
 * Draws are consumed in order; a step that asks for more than {@link #CAPACITY} numbers fails.
 */
public final class KeyedDraws {
    /** Numbers available per key. */
    public static final int CAPACITY = 4096;
    private static final long BLOCKS_PER_STEP = 1L << 20;
    private final double[] values;
    private int next;

    private KeyedDraws(double[] values) {
        this.values = values;
    }

    /** The draws of {@code step} in stream {@code stream} (e.g. 0 for data, 1 for augmentation) of {@code seed}. */
    public static KeyedDraws of(long seed, int stream, long step) {
        long key = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor u = new RandomStream(key, step * BLOCKS_PER_STEP).uniform(DType.F64, 0, 1, CAPACITY);
            return new KeyedDraws(u.toDoubleArray());
        }
    }

    /** The next number of U[0, 1). */
    public double uniform() {
        if (next == values.length) {
            throw new IllegalStateException("KeyedDraws: more than " + CAPACITY + " draws for one key");
        }
        return values[next++];
    }

    /** The next number of U[low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * uniform();
    }

    /** The next integer of [0, n). */
    public int below(int n) {
        return Math.min(n - 1, (int) (uniform() * n));
    }
}
