package org.sonograd.bench.kernels;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.LayoutKernels;
import org.sonograd.kernels.Operand;

/**
 * Copies of 16M F32 (64 MiB each way): a single-threaded {@link MemorySegment#copy} as the
 * machine's copy bandwidth, {@link LayoutKernels#copy} of a contiguous tensor, and the permuted copy
 * (transpose) of a 4096×4096 matrix, the kernel behind {@code contiguous()}. Bytes = read + write.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class LayoutBenchmark implements WorkCount {
    private static final long SIDE = 4096;
    private static final long N = SIDE * SIDE;

    private MemorySegment src;
    private MemorySegment dst;
    private final long[] flat = {N};
    private final long[] square = {SIDE, SIDE};

    @Setup(Level.Trial)
    public void setUp() {
        src = CachingAllocator.global().allocate(N * 4);
        dst = CachingAllocator.global().allocate(N * 4);
        for (long i = 0; i < N; i++) {
            src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator.global().release(src);
        CachingAllocator.global().release(dst);
    }

    /** The baseline: one thread, one bulk copy. */
    @Benchmark
    public MemorySegment segmentCopy() {
        MemorySegment.copy(src, 0, dst, 0, N * 4);
        return dst;
    }

    /** dst = src, contiguous: parallel bulk copies of merged rows. */
    @Benchmark
    public MemorySegment copy() {
        LayoutKernels.copy(flat, Operand.contiguous(src, DType.F32, 0, flat), Operand.contiguous(dst, DType.F32, 0, flat));
        return dst;
    }

    /** dst = srcᵀ made contiguous: the blocked transpose path. */
    @Benchmark
    public MemorySegment transpose() {
        LayoutKernels.copy(square, new Operand(src, DType.F32, 0, new long[] {1, SIDE}), Operand.contiguous(dst, DType.F32, 0, square));
        return dst;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 2.0 * 4 * N;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return method.equals("transpose") ? SIDE + "x" + SIDE + "^T" : Long.toString(N);
    }
}
