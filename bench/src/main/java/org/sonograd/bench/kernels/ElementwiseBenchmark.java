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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ElementwiseKernels;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.UnaryOp;

/**
 * Memory-bound elementwise kernels on F32: a + b over n elements (reads 2·4·n, writes 4·n bytes),
 * the same with b a row broadcast over a [n/4096, 4096] matrix, and the VectorMath transcendentals
 * sigmoid, exp and tanh (polynomials in vector lanes; bytes counted as for a copy, 2·4·n), and the
 * comparison a &gt; b into BOOL (reads 2·4·n, writes n bytes).
 * Compare the GB/s with {@link LayoutBenchmark#segmentCopy}, the machine's copy bandwidth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ElementwiseBenchmark implements WorkCount {
    private static final long ROW = 4096;

    /** Elements of each operand. */
    @Param({"16777216"})
    public long n;

    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment out;
    private long[] flat;
    private long[] matrix;

    @Setup(Level.Trial)
    public void setUp() {
        CachingAllocator allocator = CachingAllocator.global();
        a = allocator.allocate(n * 4);
        b = allocator.allocate(n * 4);
        out = allocator.allocate(n * 4);
        for (long i = 0; i < n; i++) {
            a.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (i % 1000) * 0.001f);
            b.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (i % 997) * 0.002f);
        }
        flat = new long[] {n};
        matrix = new long[] {n / ROW, ROW};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CachingAllocator.global().release(a);
        CachingAllocator.global().release(b);
        CachingAllocator.global().release(out);
    }

    /** out = a + b, all contiguous. */
    @Benchmark
    public MemorySegment add() {
        ElementwiseKernels.binary(BinaryOp.ADD, flat, Operand.contiguous(a, DType.F32, 0, flat),
                Operand.contiguous(b, DType.F32, 0, flat), Operand.contiguous(out, DType.F32, 0, flat));
        return out;
    }

    /** out[i, j] = a[i, j] + b[j]: a bias row broadcast over rows. */
    @Benchmark
    public MemorySegment addRowBroadcast() {
        ElementwiseKernels.binary(BinaryOp.ADD, matrix, Operand.contiguous(a, DType.F32, 0, matrix),
                new Operand(b, DType.F32, 0, new long[] {0, 1}), Operand.contiguous(out, DType.F32, 0, matrix));
        return out;
    }

    /** mask = a &gt; b, BOOL out: the vector compare with a constant operator per case. */
    @Benchmark
    public MemorySegment compareGt() {
        ElementwiseKernels.binary(BinaryOp.GT, flat, Operand.contiguous(a, DType.F32, 0, flat),
                Operand.contiguous(b, DType.F32, 0, flat), Operand.contiguous(out, DType.BOOL, 0, flat));
        return out;
    }

    /** out = 1/(1+e^-a) with VectorMath's deterministic exp in the lanes. */
    @Benchmark
    public MemorySegment sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    /** out = e^a. */
    @Benchmark
    public MemorySegment exp() {
        return unary(UnaryOp.EXP);
    }

    /** out = tanh a (via expm1). */
    @Benchmark
    public MemorySegment tanh() {
        return unary(UnaryOp.TANH);
    }

    private MemorySegment unary(UnaryOp op) {
        ElementwiseKernels.unary(op, flat, Operand.contiguous(a, DType.F32, 0, flat), Operand.contiguous(out, DType.F32, 0, flat));
        return out;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        double elements = Double.parseDouble(params.getOrDefault("n", "16777216"));
        return switch (method) {
            case "add" -> 3 * 4 * elements;
            case "addRowBroadcast" -> 2 * 4 * elements + 4 * ROW;
            case "compareGt" -> 2 * 4 * elements + elements;
            default -> 2 * 4 * elements;
        };
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        String elements = params.getOrDefault("n", "16777216");
        return method.equals("addRowBroadcast") ? "[" + Long.parseLong(elements) / ROW + "," + ROW + "]+[" + ROW + "]" : elements;
    }
}
