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
import org.sonograd.kernels.ReduceOp;
import org.sonograd.kernels.ReductionKernels;

/**
 * F32 sum of 16M elements (a 4096 × 4096 matrix), memory-bound: over all elements (one output,
 * split into fixed chunks), along rows (4096 outputs, unit-stride rows) and down columns (4096
 * outputs, vectorised across the contiguous kept axis); plus the two-pass variance along rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReductionBenchmark implements WorkCount {
    private static final long SIDE = 4096;

    /** all: every axis; rows: the last axis; columns: the first axis. */
    @Param({"all", "rows", "columns"})
    public String axes;

    private Arena arena;
    private Operand x;
    private Operand out;
    private boolean[] reduced;
    private final long[] shape = {SIDE, SIDE};

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        MemorySegment data = arena.allocate(SIDE * SIDE * Float.BYTES, 64);
        for (long i = 0; i < SIDE * SIDE; i++) {
            data.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i % 1000) * 1e-3f);
        }
        x = Operand.contiguous(data, DType.F32, 0, shape);
        reduced = switch (axes) {
            case "all" -> new boolean[] {true, true};
            case "rows" -> new boolean[] {false, true};
            case "columns" -> new boolean[] {true, false};
            default -> throw new IllegalArgumentException("axes must be all, rows or columns, got " + axes);
        };
        long[] outShape = {reduced[0] ? 1 : SIDE, reduced[1] ? 1 : SIDE};
        out = Operand.contiguous(arena.allocate(SIDE * Float.BYTES, 64), DType.F32, 0, outShape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public Operand sum() {
        ReductionKernels.reduce(ReduceOp.SUM, shape, x, reduced, out);
        return out;
    }

    @Benchmark
    public Operand variance() {
        ReductionKernels.variance(shape, x, reduced, 1, out);
        return out;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    /** The input read once per pass (variance makes two) plus the outputs written. */
    @Override
    public double bytes(String method, Map<String, String> params) {
        long outputs = "all".equals(params.get("axes")) ? 1 : SIDE;
        int passes = "variance".equals(method) ? 2 : 1;
        return (double) passes * SIDE * SIDE * Float.BYTES + outputs * Float.BYTES;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return SIDE + "x" + SIDE + " over " + params.get("axes");
    }
}
