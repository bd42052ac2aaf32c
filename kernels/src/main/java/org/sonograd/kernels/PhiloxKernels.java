package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Counter-based random numbers (Philox-4×32-10, Salmon et al., SC 2011). Element i of a stream is a
 * pure function of (seed, offset, i), so the numbers do not depend on the thread count, the device
 * or the order of evaluation. The CUDA kernel produces the same numbers for the same arguments.
 */
public final class PhiloxKernels {
    private PhiloxKernels() {}

    /** Fills n contiguous F32/F64 elements with U[low, high). */
    public static void uniform(long seed, long offset, MemorySegment out, DType dtype, long n, double low, double high) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Fills n contiguous F32/F64 elements with N(mean, std²). */
    public static void normal(long seed, long offset, MemorySegment out, DType dtype, long n, double mean, double std) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Fills n contiguous elements of any dtype with 1 with probability p, else 0. */
    public static void bernoulli(long seed, long offset, MemorySegment out, DType dtype, long n, double p) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes a uniformly random permutation of 0..n−1 as n contiguous I64 elements. */
    public static void permutation(long seed, long offset, MemorySegment out, long n) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
