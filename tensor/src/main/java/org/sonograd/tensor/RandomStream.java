package org.sonograd.tensor;

import org.sonograd.kernels.DType;
import org.sonograd.kernels.PhiloxKernels;

/**
 * A stream of counter-based random tensors. Every draw takes the next Philox blocks (counters) of
 * the stream, as many as the draw consumes, so the values are a pure function of (seed, the sequence of draws) and never depend on
 * the thread count. A stream can be re-created at any position from its seed and {@link #offset()},
 * which is what checkpoints store.
 */
public final class RandomStream {
    private final long seed;
    private long offset;

    /** A stream at position 0. */
    public RandomStream(long seed) {
        this(seed, 0);
    }

    /** A stream resumed at {@code offset}. */
    public RandomStream(long seed, long offset) {
        this.seed = seed;
        this.offset = offset;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The number of Philox blocks (counters) consumed so far. */
    public long offset() {
        return offset;
    }

    /** U[low, high) in a float dtype. */
    public Tensor uniform(DType dtype, double low, double high, long... shape) {
        Tensor t = Tensor.empty(dtype, shape);
        long blocks = PhiloxKernels.blocksForUniformOrNormal(dtype, t.numel());
        PhiloxKernels.uniform(seed, advance(blocks), t.storage().segment(), dtype, t.numel(), low, high);
        return t;
    }

    /** N(mean, std²) in a float dtype. */
    public Tensor normal(DType dtype, double mean, double std, long... shape) {
        Tensor t = Tensor.empty(dtype, shape);
        long blocks = PhiloxKernels.blocksForUniformOrNormal(dtype, t.numel());
        PhiloxKernels.normal(seed, advance(blocks), t.storage().segment(), dtype, t.numel(), mean, std);
        return t;
    }

    /** 1 with probability p, else 0, in any dtype (BOOL for masks). */
    public Tensor bernoulli(DType dtype, double p, long... shape) {
        Tensor t = Tensor.empty(dtype, shape);
        long blocks = PhiloxKernels.blocksForBernoulli(t.numel());
        PhiloxKernels.bernoulli(seed, advance(blocks), t.storage().segment(), dtype, t.numel(), p);
        return t;
    }

    /** A random permutation of 0..n−1, I64. */
    public Tensor permutation(long n) {
        Tensor t = Tensor.empty(DType.I64, n);
        PhiloxKernels.permutation(seed, advance(PhiloxKernels.blocksForPermutation(n)), t.storage().segment(), n);
        return t;
    }

    private long advance(long blocks) {
        long start = offset;
        offset += blocks;
        return start;
    }
}
