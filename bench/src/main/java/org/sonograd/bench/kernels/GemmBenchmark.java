package org.sonograd.bench.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;
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
import org.sonograd.kernels.GemmKernels;
import org.sonograd.kernels.GemmVersion;

/**
 * SGEMM C = A · B (row-major, no transposition, beta 0) for each version of the kernel lab.
 * Shapes: square N = 512, 1024, 2048, and the two convolution GEMMs of BENCHMARKS.md written
 * m x n x k: 64x25088x1728 and 256x392x6912. v0 (the triple loop) is left out of the default
 * versions: at these sizes one call takes seconds to minutes; select it with {@code --kernel gemm:v0}.
 * Work: 2·m·n·k flops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBenchmark implements WorkCount {
    @Param({"v1", "v2", "v3"})
    public String version;

    @Param({"512", "1024", "2048", "64x25088x1728", "256x392x6912"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private GemmVersion kernel;
    private int m;
    private int n;
    private int k;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        kernel = GemmVersion.byName(version);
        int[] mnk = parse(shape);
        m = mnk[0];
        n = mnk[1];
        k = mnk[2];
        a = random((long) m * k, 1);
        b = random((long) k * n, 2);
        c = CachingAllocator.global().allocateZeroed((long) m * n * 4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator.global().release(a);
        CachingAllocator.global().release(b);
        CachingAllocator.global().release(c);
        BenchThreads.reset();
    }

    @Benchmark
    public void sgemm() {
        GemmKernels.sgemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    private static MemorySegment random(long elements, long seed) {
        MemorySegment seg = CachingAllocator.global().allocate(elements * 4);
        Random random = new Random(seed);
        for (long i = 0; i < elements; i++) {
            seg.setAtIndex(JAVA_FLOAT, i, random.nextFloat() - 0.5f);
        }
        return seg;
    }

    /** "1024" is 1024x1024x1024; "64x25088x1728" is m x n x k. */
    static int[] parse(String shape) {
        String[] parts = shape.split("x");
        if (parts.length == 1) {
            int size = Integer.parseInt(parts[0]);
            return new int[] {size, size, size};
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("GEMM shape '" + shape + "' is neither N nor MxNxK");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        int[] mnk = parse(params.get("shape"));
        return 2.0 * mnk[0] * mnk[1] * mnk[2];
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        int[] mnk = parse(params.get("shape"));
        return 4.0 * ((double) mnk[0] * mnk[2] + (double) mnk[2] * mnk[1] + (double) mnk[0] * mnk[1]);
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        int[] mnk = parse(params.get("shape"));
        return mnk[0] + "x" + mnk[1] + "x" + mnk[2];
    }

    @Override
    public String op(String method, Map<String, String> params) {
        return "gemm:" + params.get("version");
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("shape", new String[] {"512", "1024"});
    }
}
