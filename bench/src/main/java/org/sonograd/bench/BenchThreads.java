package org.sonograd.bench;

import org.sonograd.kernels.Parallel;

/** The {@code threads} parameter of the benchmarks: caps the kernel pool for one trial. */
public final class BenchThreads {
    private BenchThreads() {}

    /** The threads a request really gets: at least 1, at most the pool size. */
    public static int effective(int requested) {
        return Math.max(1, Math.min(requested, Parallel.threads()));
    }

    /** Caps {@link Parallel} at {@code requested} threads (see {@link #effective}) and returns the cap. */
    public static int apply(int requested) {
        int threads = effective(requested);
        Parallel.setMaxThreads(threads);
        return threads;
    }

    /** Gives the pool all its threads back. */
    public static void reset() {
        Parallel.setMaxThreads(Parallel.threads());
    }
}
