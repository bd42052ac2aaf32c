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
import org.sonograd.kernels.PoolGeometry;
import org.sonograd.kernels.PoolKernels;

/**
 * F32 max pooling forward ({@link PoolKernels#maxForward}: values and I64 indices). Cases:
 * {@code stem2d}, ResNet-18's stem pool at batch 32, 64² (32·64 planes of 32×32, kernel 3, stride 2,
 * padding 1); {@code stem3d}, the same pool per frame of a video batch (8·64 planes of 8×32×32,
 * kernel 1×3×3, stride 1×2×2, padding 0×1×1). Bytes: read x once, write y and the indices
 * (4·in + 12·out); the backward by the saved indices moves as much (write ∂x, read ∂y and the
 * indices); compare the GB/s with {@code CopyBandwidth}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PoolBenchmark implements WorkCount {
    @Param({"stem2d", "stem3d"})
    public String shape;

    @Param({"2"})
    public int threads;

    private PoolGeometry geometry;
    private MemorySegment x;
    private MemorySegment y;
    private MemorySegment idx;
    private MemorySegment gy;
    private MemorySegment gx;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        geometry = geometry(shape);
        long in = geometry.planes() * geometry.inputVolume();
        long out = geometry.planes() * geometry.outputVolume();
        CachingAllocator allocator = CachingAllocator.global();
        x = allocator.allocate(in * 4);
        y = allocator.allocate(out * 4);
        idx = allocator.allocate(out * 8);
        gy = allocator.allocate(out * 4);
        gx = allocator.allocate(in * 4);
        for (long i = 0; i < in; i++) {
            x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i * 7919 % 1000) * 1e-3f - 0.5f);
        }
        for (long i = 0; i < out; i++) {
            gy.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i * 104729 % 1000) * 1e-3f - 0.5f);
        }
        PoolKernels.maxForward(geometry, DType.F32, x, y, idx);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator allocator = CachingAllocator.global();
        for (MemorySegment s : new MemorySegment[] {x, y, idx, gy, gx}) {
            allocator.release(s);
        }
        BenchThreads.reset();
    }

    /** y, idx = window maxima of x and their first indices. */
    @Benchmark
    public MemorySegment maxForward() {
        PoolKernels.maxForward(geometry, DType.F32, x, y, idx);
        return y;
    }

    /** ∂x = ∂y added at the saved indices of the window maxima. */
    @Benchmark
    public MemorySegment maxBackward() {
        PoolKernels.maxBackward(geometry, DType.F32, gy, idx, gx);
        return gx;
    }

    private static PoolGeometry geometry(String shape) {
        return switch (shape) {
            case "stem2d" -> PoolGeometry.sliding("max_pool2d", 32 * 64, new int[] {32, 32}, new int[] {3, 3},
                    new int[] {2, 2}, new int[] {1, 1}, false);
            case "stem3d" -> PoolGeometry.sliding("max_pool3d", 8 * 64, new int[] {8, 32, 32}, new int[] {1, 3, 3},
                    new int[] {1, 2, 2}, new int[] {0, 1, 1}, false);
            default -> throw new IllegalArgumentException("PoolBenchmark: unknown shape '" + shape + "', expected stem2d or stem3d");
        };
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        PoolGeometry g = geometry(params.getOrDefault("shape", "stem2d"));
        return 4.0 * g.planes() * g.inputVolume() + 12.0 * g.planes() * g.outputVolume();
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.getOrDefault("shape", "stem2d");
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("shape", new String[] {"stem2d"});
    }
}
