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
import org.sonograd.tensor.Attention;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Fused scaled dot-product attention, F32, shapes B×H×T×dh: ViT-Small on images (8×6×197×64)
 * and a video ViT-Small clip of 8×14×14 tubelets + CLS (2×6×1569×64), with no mask.
 * Work per (batch, head): the forward's two GEMMs of 2·T²·dh flops; forward + backward adds the
 * backward's five (scores recomputed, ∂V, ∂P, ∂Q, ∂K), seven GEMMs in all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttentionBenchmark implements WorkCount {
    @Param({"8x6x197x64", "2x6x1569x64"})
    public String shape;

    @Param({"2"})
    public int threads;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private MemoryScope data;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        data = MemoryScope.open();
        long[] s = parse(shape);
        RandomStream rng = new RandomStream(5);
        q = rng.normal(DType.F32, 0, 1, s);
        k = rng.normal(DType.F32, 0, 1, s);
        v = rng.normal(DType.F32, 0, 1, s);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        BenchThreads.reset();
    }

    @Benchmark
    public double forward() {
        try (MemoryScope step = MemoryScope.open()) {
            return Attention.scaledDotProduct(q, k, v, null, 0.125).getDouble(0, 0, 0, 0);
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryScope step = MemoryScope.open()) {
            Tensor out = Attention.scaledDotProduct(q, k, v, null, 0.125);
            return Attention.scaledDotProductBackward(q, k, v, null, 0.125, out, v).q().getDouble(0, 0, 0, 0);
        }
    }

    private static long[] parse(String shape) {
        return java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        long[] s = parse(params.get("shape"));
        double gemms = method.equals("forwardBackward") ? 7 : 2;
        return gemms * 2.0 * s[0] * s[1] * s[2] * s[2] * s[3];
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.get("shape");
    }
}
