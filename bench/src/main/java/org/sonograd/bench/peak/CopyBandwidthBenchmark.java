package org.sonograd.bench.peak;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.Parallel;

/**
 * The machine's memory bandwidth: a plain MemorySegment copy of a 64 MiB buffer (far beyond the
 * caches), split in as many contiguous slices as threads. Reported bytes count the read and the
 * write. Memory-bound kernels are reported as a ratio to this figure at the same thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CopyBandwidthBenchmark implements WorkCount {
    private static final long BYTES = 64L << 20;

    @Param({"1", "2"})
    public int threads;

    private int tasks;
    private MemorySegment source;
    private MemorySegment target;

    @Setup(Level.Trial)
    public void setUp() {
        tasks = BenchThreads.apply(threads);
        source = CachingAllocator.global().allocate(BYTES);
        target = CachingAllocator.global().allocate(BYTES);
        for (long i = 0; i < BYTES; i += 8) {
            source.set(java.lang.foreign.ValueLayout.JAVA_LONG, i, i);
        }
        target.fill((byte) 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator.global().release(source);
        CachingAllocator.global().release(target);
        CachingAllocator.global().trim();
        BenchThreads.reset();
    }

    @Benchmark
    public void copy() {
        long slice = BYTES / tasks;
        Parallel.forEach(tasks, t -> MemorySegment.copy(source, t * slice, target, t * slice, slice));
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 2.0 * BYTES;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return (BYTES >> 20) + "MiB";
    }

    @Override
    public String op(String method, Map<String, String> params) {
        return "peak.copy";
    }
}
