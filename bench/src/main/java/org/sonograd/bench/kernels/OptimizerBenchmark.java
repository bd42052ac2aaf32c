package org.sonograd.bench.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.OptimizerKernels;
import org.sonograd.kernels.OptimizerReference;
import org.sonograd.kernels.OptimizerStep;

/**
 * One optimiser update over all parameters of a full-width ResNet-18 (11,181,642 F32 values), fused
 * kernel ("fused") against the plain loop ("reference"). Both are memory-bound: SGD with momentum
 * reads θ, g, b and writes θ, b (5·4·n bytes); Adam(W) reads θ, g, m, v and writes θ, m, v (7·4·n).
 * Compare the GB/s with {@link LayoutBenchmark#segmentCopy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OptimizerBenchmark implements WorkCount {
    private static final OptimizerStep.Sgd SGD = new OptimizerStep.Sgd(0.1, 1e-4, 0.9, 0, false, false);
    private static final OptimizerStep.Adam ADAMW = new OptimizerStep.Adam(1e-3, 0.9, 0.95, 1e-8, 0.05, true, 10);

    /** Parameter count (ResNet-18). */
    @Param({"11181642"})
    public long n;

    /** "fused" (Vector API, chunked over threads) or "reference" (plain loop). */
    @Param({"fused", "reference"})
    public String version;

    /** Kernel threads (the reference loop always runs on one). */
    @Param({"1", "2"})
    public int threads;

    private MemorySegment theta;
    private MemorySegment grad;
    private MemorySegment first;
    private MemorySegment second;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        CachingAllocator allocator = CachingAllocator.global();
        theta = allocator.allocate(n * 4);
        grad = allocator.allocate(n * 4);
        first = allocator.allocate(n * 4);
        second = allocator.allocate(n * 4);
        for (long i = 0; i < n; i++) {
            theta.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 1000) * 1e-3f);
            grad.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 997) * 1e-4f - 0.05f);
            first.setAtIndex(ValueLayout.JAVA_FLOAT, i, 0f);
            second.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1e-4f);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator allocator = CachingAllocator.global();
        allocator.release(theta);
        allocator.release(grad);
        allocator.release(first);
        allocator.release(second);
        BenchThreads.reset();
    }

    /** SGD, momentum 0.9, weight decay 1e-4 (Meta-USCL's main optimiser). */
    @Benchmark
    public MemorySegment sgd() {
        if (version.equals("fused")) {
            OptimizerKernels.sgd(DType.F32, n, theta, grad, first, SGD);
        } else {
            OptimizerReference.sgd(DType.F32, n, theta, grad, first, SGD);
        }
        return theta;
    }

    /** AdamW, betas (0.9, 0.95), weight decay 0.05 (DISCOVR's optimiser). */
    @Benchmark
    public MemorySegment adamw() {
        if (version.equals("fused")) {
            OptimizerKernels.adam(DType.F32, n, theta, grad, first, second, ADAMW);
        } else {
            OptimizerReference.adam(DType.F32, n, theta, grad, first, second, ADAMW);
        }
        return theta;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        double elements = Double.parseDouble(params.getOrDefault("n", "11181642"));
        return (method.equals("sgd") ? 5 : 7) * 4 * elements;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.getOrDefault("n", "11181642");
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("version", new String[] {"fused"});
    }
}
