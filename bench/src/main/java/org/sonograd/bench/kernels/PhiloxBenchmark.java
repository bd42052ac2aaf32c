package org.sonograd.bench.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.PhiloxKernels;

/** Philox-4×32-10 fills of n elements (default 16M): F32 uniform and normal, U8 bernoulli; GB/s written. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PhiloxBenchmark implements WorkCount {
    @Param({"16777216"})
    public long n;

    private Arena arena;
    private MemorySegment out;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        out = arena.allocate(n * Float.BYTES, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment uniformF32() {
        PhiloxKernels.uniform(42, offset, out, DType.F32, n, 0, 1);
        offset += PhiloxKernels.blocksForUniformOrNormal(DType.F32, n);
        return out;
    }

    @Benchmark
    public MemorySegment normalF32() {
        PhiloxKernels.normal(42, offset, out, DType.F32, n, 0, 1);
        offset += PhiloxKernels.blocksForUniformOrNormal(DType.F32, n);
        return out;
    }

    @Benchmark
    public MemorySegment bernoulliU8() {
        PhiloxKernels.bernoulli(42, offset, out, DType.U8, n, 0.5);
        offset += PhiloxKernels.blocksForBernoulli(n);
        return out;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    /** Bytes written. */
    @Override
    public double bytes(String method, Map<String, String> params) {
        return Double.parseDouble(params.get("n")) * ("bernoulliU8".equals(method) ? 1 : Float.BYTES);
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.get("n");
    }
}
