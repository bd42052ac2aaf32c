package org.sonograd.bench.nn;

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
import org.sonograd.kernels.DType;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.SinkhornKnopp;
import org.sonograd.tensor.Tensor;

/**
 * Sinkhorn–Knopp on B × K cosine-like scores (tanh of normal draws, in [−1, 1]), ε = 0.05, F32:
 * DISCOVR's case B = 8192, K = 3000, 10 iterations (PyTorch 293 ms in BENCHMARKS.md; the same case is
 * timed by bench/peers/infonce_sinkhorn_torch.py). Memory-bound: one read of S and one write of E,
 * then per iteration one read of E (the last also writes the output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SinkhornBenchmark implements WorkCount {
    @Param({"8192"})
    public int b;

    @Param({"3000"})
    public int k;

    @Param({"10"})
    public int iterations;

    @Param({"2"})
    public int threads;

    private Tensor scores;
    private MemoryScope data;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        data = MemoryScope.open();
        scores = new RandomStream(7).normal(DType.F32, 0, 1, b, k).tanh();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        BenchThreads.reset();
    }

    @Benchmark
    public double assign() {
        try (MemoryScope step = MemoryScope.open()) {
            return SinkhornKnopp.assign(scores, 0.05, iterations).getDouble(0, 0);
        }
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        double elements = Double.parseDouble(params.get("b")) * Double.parseDouble(params.get("k"));
        int iterations = Integer.parseInt(params.get("iterations"));
        return 4 * elements * (2 + iterations + 1);
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.get("b") + "x" + params.get("k") + "x" + params.get("iterations") + "it";
    }
}
