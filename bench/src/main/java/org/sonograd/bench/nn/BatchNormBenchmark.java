package org.sonograd.bench.nn;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.DType;
import org.sonograd.nn.functional.NormFunctions;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Training batch norm (with γ, β and running statistics) forward, and forward + backward into x, γ
 * and β, through autograd, F32. "fused": {@code NormFunctions.batchNorm} (the fused kernels);
 * "composed": the same function built from mean/sub/mul/add/sqrt/div, as it was before the kernels.
 * Bytes are those of one ideal pass each way (forward reads x and writes y: 2·4·numel; backward reads
 * dy and x and writes dx: 3·4·numel), so the GB/s of both versions measure the time for the same
 * result and compare with the copy probe. Shapes: a ResNet-18 layer1 activation at batch 32, 64²
 * input (32×64×16×16), an R3D-18 layer1 activation at batch 8, 8×64² input (8×64×8×32×32), and a
 * ResNet-18 layer4 activation at 64² (32×512×2×2, fewer than 32 values per sample and channel: the
 * column kernel {@code BatchNormColumns}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BatchNormBenchmark implements WorkCount {
    private static final double EPS = 1e-5;

    /** The input shape, dims joined by x. */
    @Param({"32x64x16x16", "8x64x8x32x32", "32x512x2x2"})
    public String shape;

    /** "fused" or "composed". */
    @Param({"fused", "composed"})
    public String version;

    @Param({"2"})
    public int threads;

    private MemoryScope data;
    private Tensor x;
    private Tensor gradOutput;
    private Tensor weight;
    private Tensor bias;
    private Tensor runningMean;
    private Tensor runningVar;

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        data = MemoryScope.open();
        long[] dims = dims(shape);
        RandomStream random = new RandomStream(1);
        x = random.normal(DType.F32, 0.5, 2, dims);
        gradOutput = random.normal(DType.F32, 0, 1, dims);
        weight = random.uniform(DType.F32, 0.5, 1.5, dims[1]);
        bias = random.normal(DType.F32, 0, 1, dims[1]);
        runningMean = Tensor.zeros(DType.F32, dims[1]);
        runningVar = Tensor.ones(DType.F32, dims[1]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        BenchThreads.reset();
    }

    @Benchmark
    public double forward() {
        try (MemoryScope step = MemoryScope.open()) {
            return first(batchNorm(Var.parameter(x), Var.parameter(weight), Var.parameter(bias)).value());
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (MemoryScope step = MemoryScope.open()) {
            Var input = Var.parameter(x);
            Var w = Var.parameter(weight);
            Var b = Var.parameter(bias);
            Var y = batchNorm(input, w, b);
            List<Var> grads = Autograd.grad(List.of(y), List.of(Var.constant(gradOutput)), List.of(input, w, b), false, false);
            return first(grads.get(0).value()) + first(grads.get(1).value());
        }
    }

    private Var batchNorm(Var input, Var w, Var b) {
        if (version.equals("fused")) {
            return NormFunctions.batchNorm(input, runningMean, runningVar, w, b, true, 0.1, EPS);
        }
        int[] reduced = IntStream.range(0, input.rank()).filter(d -> d != 1).toArray();
        long[] channel = new long[input.rank()];
        java.util.Arrays.fill(channel, 1);
        channel[1] = input.size(1);
        Var mean = input.mean(reduced, true);
        Var centred = input.sub(mean);
        Var variance = centred.mul(centred).mean(reduced, true);
        Var normalised = centred.div(variance.add(EPS).sqrt());
        long count = input.value().numel() / channel[1];
        runningMean.assign(runningMean.mul(0.9).add(mean.value().reshape(channel[1]).mul(0.1)));
        runningVar.assign(runningVar.mul(0.9).add(variance.value().reshape(channel[1]).mul(0.1 * count / (count - 1.0))));
        return normalised.mul(w.reshape(channel)).add(b.reshape(channel));
    }

    private static double first(Tensor t) {
        return t.getDouble(new long[t.rank()]);
    }

    private static long[] dims(String shape) {
        String[] parts = shape.split("x");
        long[] d = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            d[i] = Long.parseLong(parts[i]);
        }
        return d;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        double numel = 1;
        for (long d : dims(params.get("shape"))) {
            numel *= d;
        }
        return (method.equals("forward") ? 2 : 5) * 4 * numel;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.get("shape");
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("shape", new String[] {"32x64x16x16"}, "version", new String[] {"fused"});
    }
}
