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
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ElementwiseKernels;
import org.sonograd.kernels.LayoutKernels;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.ReluBackwardKernels;

/**
 * The ReLU backward dx = dy·[x &gt; 0] over n F32 elements. "fused" is {@link ReluBackwardKernels}
 * (one pass); "composed" is what the autograd rule did before: compare x &gt; 0 into a BOOL mask,
 * convert it to F32, multiply. Both count the bytes of the fused pass (read dy and x, write dx:
 * 3·4·n), so the GB/s compare the time for the same result. Compare the GB/s with
 * {@link LayoutBenchmark#segmentCopy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ReluBackwardBenchmark implements WorkCount {
    /** Elements (a ResNet-18 layer1 activation at batch 32, 64²: 32·64·16·16 = 524288; 16M: out of cache). */
    @Param({"524288", "16777216"})
    public long n;

    /** "fused" or "composed" (compare, convert, multiply). */
    @Param({"fused", "composed"})
    public String version;

    @Param({"2"})
    public int threads;

    private MemorySegment dy;
    private MemorySegment x;
    private MemorySegment dx;
    private MemorySegment mask;
    private MemorySegment maskF32;
    private MemorySegment zero;
    private long[] flat;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        CachingAllocator allocator = CachingAllocator.global();
        dy = allocator.allocate(n * 4);
        x = allocator.allocate(n * 4);
        dx = allocator.allocate(n * 4);
        mask = allocator.allocate(n);
        maskF32 = allocator.allocate(n * 4);
        zero = allocator.allocate(4);
        zero.set(ValueLayout.JAVA_FLOAT, 0, 0f);
        for (long i = 0; i < n; i++) {
            dy.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 997) * 1e-3f - 0.5f);
            x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i * 7919 % 1000) * 1e-3f - 0.5f);
        }
        flat = new long[] {n};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator allocator = CachingAllocator.global();
        for (MemorySegment s : new MemorySegment[] {dy, x, dx, mask, maskF32, zero}) {
            allocator.release(s);
        }
        BenchThreads.reset();
    }

    /** dx = dy·[x &gt; 0]. */
    @Benchmark
    public MemorySegment backward() {
        if (version.equals("fused")) {
            ReluBackwardKernels.apply(flat, f32(dy), f32(x), f32(dx));
        } else {
            ElementwiseKernels.binary(BinaryOp.GT, flat, f32(x), new Operand(zero, DType.F32, 0, new long[] {0}),
                    Operand.contiguous(mask, DType.BOOL, 0, flat));
            LayoutKernels.copy(flat, Operand.contiguous(mask, DType.BOOL, 0, flat), f32(maskF32));
            ElementwiseKernels.binary(BinaryOp.MUL, flat, f32(dy), f32(maskF32), f32(dx));
        }
        return dx;
    }

    private Operand f32(MemorySegment s) {
        return Operand.contiguous(s, DType.F32, 0, flat);
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        double elements = Double.parseDouble(params.getOrDefault("n", "16777216"));
        return 3 * 4 * elements;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.getOrDefault("n", "16777216");
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("n", new String[] {"524288"}, "version", new String[] {"fused"});
    }
}
