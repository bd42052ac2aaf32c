package org.sonograd.bench.nn;

import java.util.List;
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
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.DType;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.tensor.InfoNce;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * NT-Xent (SimCLR, two views of N samples, so 2N anchors against 2N candidates) forward and
 * backward, d = 128, τ = 0.5, F32. {@code ntXent}: the full autograd path (L2 normalisation, cat,
 * the fused rule, backward into z1 and z2), the case PyTorch's 943 ms in BENCHMARKS.md measures
 * (bench/peers/infonce_sinkhorn_torch.py times the same). {@code fusedKernel}: the fused kernel
 * alone on already normalised rows. Work: three GEMMs of 2·(2N)²·d flops each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InfoNceBenchmark implements WorkCount {
    @Param({"4096"})
    public int n;

    @Param({"128"})
    public int d;

    @Param({"2"})
    public int threads;

    private Tensor z1;
    private Tensor z2;
    private Tensor z;
    private long[] positives;
    private MemoryScope data;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        data = MemoryScope.open();
        RandomStream rng = new RandomStream(42);
        z1 = rng.normal(DType.F32, 0, 1, n, d);
        z2 = rng.normal(DType.F32, 0, 1, n, d);
        Tensor both = Tensor.cat(List.of(z1, z2), 0);
        z = both.div(both.mul(both).sum(new int[] {1}, true).sqrt());
        positives = new long[2 * n];
        for (int i = 0; i < n; i++) {
            positives[i] = i + n;
            positives[i + n] = i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        BenchThreads.reset();
    }

    @Benchmark
    public double ntXent() {
        try (MemoryScope step = MemoryScope.open()) {
            Var a = Var.parameter(z1);
            Var b = Var.parameter(z2);
            Var loss = LossFunctions.ntXent(a, b, 0.5, null, null);
            List<Var> grads = Autograd.grad(loss, List.of(a, b), false);
            return loss.item() + grads.get(0).value().getDouble(0, 0);
        }
    }

    @Benchmark
    public double fusedKernel() {
        try (MemoryScope step = MemoryScope.open()) {
            InfoNce.Result r = InfoNce.lossAndGradients(z, z, positives, null, null, 0.5, true, true);
            return r.gradAnchors().getDouble(0, 0);
        }
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        double rows = 2.0 * Integer.parseInt(params.get("n"));
        return 3 * 2 * rows * rows * Integer.parseInt(params.get("d"));
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return "2x" + params.get("n") + "x" + params.get("d");
    }
}
