package org.sonograd.bench.kernels;

import java.lang.foreign.Arena;
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
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.SoftmaxKernels;

/** Row softmax, logSoftmax and logSumExp of a [rows, cols] F32 matrix (default 4096 × 1024). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SoftmaxBenchmark implements WorkCount {
    @Param({"4096"})
    public long rows;

    @Param({"1024"})
    public long cols;

    private Arena arena;
    private Operand x;
    private Operand y;
    private Operand lse;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        MemorySegment data = arena.allocate(rows * cols * Float.BYTES, 64);
        for (long i = 0; i < rows * cols; i++) {
            data.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) Math.sin(i * 0.37) * 6);
        }
        long[] shape = {rows, cols};
        x = Operand.contiguous(data, DType.F32, 0, shape);
        y = Operand.contiguous(arena.allocate(rows * cols * Float.BYTES, 64), DType.F32, 0, shape);
        lse = Operand.contiguous(arena.allocate(rows * Float.BYTES, 64), DType.F32, 0, new long[] {rows});
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public Operand softmax() {
        SoftmaxKernels.softmax(rows, cols, x, y);
        return y;
    }

    @Benchmark
    public Operand logSoftmax() {
        SoftmaxKernels.logSoftmax(rows, cols, x, y);
        return y;
    }

    @Benchmark
    public Operand logSumExp() {
        SoftmaxKernels.logSumExp(rows, cols, x, lse);
        return lse;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    /** Compulsory traffic: the input read once and the output written once (rows stay in cache between passes). */
    @Override
    public double bytes(String method, Map<String, String> params) {
        double elements = Double.parseDouble(params.get("rows")) * Double.parseDouble(params.get("cols"));
        double outputs = "logSumExp".equals(method) ? Double.parseDouble(params.get("rows")) : elements;
        return (elements + outputs) * Float.BYTES;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.get("rows") + "x" + params.get("cols");
    }
}
