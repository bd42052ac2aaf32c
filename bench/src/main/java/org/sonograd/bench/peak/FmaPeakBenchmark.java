package org.sonograd.bench.peak;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.sonograd.kernels.Parallel;
import org.sonograd.kernels.VectorSupport;

/**
 * The machine's FMA peak: each thread runs 12 independent chains x ← x · m + a of preferred-width
 * FloatVector FMAs, enough chains to cover the FMA latency, so the time is bound by FMA throughput.
 * Every kernel's GFLOP/s is reported as a ratio to this figure at the same thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FmaPeakBenchmark implements WorkCount {
    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final int CHAINS = 12;
    private static final int STEPS = 1_000_000;

    @Param({"1", "2"})
    public int threads;

    private int tasks;
    private float seed = 1f;

    @Setup(Level.Trial)
    public void setUp() {
        tasks = BenchThreads.apply(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchThreads.reset();
    }

    @Benchmark
    public float fma() {
        float[] sums = new float[tasks];
        float start = seed;
        Parallel.forEach(tasks, t -> sums[t] = chains(start + t));
        float total = 0;
        for (float s : sums) {
            total += s;
        }
        return total;
    }

    private static float chains(float start) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector a = FloatVector.broadcast(S, 1e-6f);
        FloatVector x0 = FloatVector.broadcast(S, start), x1 = x0.add(1), x2 = x0.add(2), x3 = x0.add(3);
        FloatVector x4 = x0.add(4), x5 = x0.add(5), x6 = x0.add(6), x7 = x0.add(7);
        FloatVector x8 = x0.add(8), x9 = x0.add(9), x10 = x0.add(10), x11 = x0.add(11);
        for (int i = 0; i < STEPS; i++) {
            x0 = x0.fma(m, a);
            x1 = x1.fma(m, a);
            x2 = x2.fma(m, a);
            x3 = x3.fma(m, a);
            x4 = x4.fma(m, a);
            x5 = x5.fma(m, a);
            x6 = x6.fma(m, a);
            x7 = x7.fma(m, a);
            x8 = x8.fma(m, a);
            x9 = x9.fma(m, a);
            x10 = x10.fma(m, a);
            x11 = x11.fma(m, a);
        }
        return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
                .reduceLanes(VectorOperators.ADD);
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 2.0 * CHAINS * STEPS * S.length() * BenchThreads.effective(Integer.parseInt(params.get("threads")));
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return CHAINS + "x" + STEPS + "x" + S.length() + "lanes";
    }

    @Override
    public String op(String method, Map<String, String> params) {
        return "peak.fma";
    }
}
