package org.sonograd.bench.nn;

import java.util.Locale;
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
import org.sonograd.autograd.Var;
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.ExtraFields;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.backbones.ResNet;
import org.sonograd.nn.backbones.VideoResNet;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * One whole SGD training step (momentum 0.9, lr 0.01, no weight decay), F32, train mode (batch
 * norm on batch statistics): forward, cross-entropy on random class indices, backward, optimiser
 * step, inside a {@link MemoryScope}. The cases of BENCHMARKS.md, with torchvision's class counts:
 * {@code resnet18-b32-64} (ResNet-18, 32×3×64×64, 1000 classes; PyTorch 1.13 320 ms),
 * {@code resnet18-b32-112} (32×3×112×112; 583 ms) and {@code r3d18-b8-8x64} (R3D-18, 8×3×8×64×64,
 * 400 classes; 1692 ms). bench/peers/torch_training_step.py times the same steps in PyTorch.
 *
 * <p>Work: 3× the forward FLOPs of the convolutions and the linear layer (2·MACs; backward = input
 * grad + weight grad ≈ 2× forward); norms, pools, activations, loss and update are not counted.
 *
 * <p>Peak off-heap memory: every call starts a new peak of {@link CachingAllocator#global()}
 * ({@code resetPeak}); the trial's largest peak (model, momentum buffers, batch and every
 * activation and gradient of the step) is printed to stderr at the end of the trial as
 * {@code training-step <case>: peak off-heap <MiB> MiB}, and given to {@code ./sonograd bench} as the
 * JSON field {@code peak_offheap_mib} ({@link ExtraFields}).
 *
 * <p>Warm-up 10 × 2 s: the step keeps getting faster for about 20 s while C2 compiles its kernels (ResNet-18 b32
 * 64² with 1 s iterations: 6924, 1116 and 621 ms per step over the first three, then 439, 389, 289, 251 ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss8m"})
public class TrainingStepBenchmark implements WorkCount {
    @Param({"resnet18-b32-64", "resnet18-b32-112", "r3d18-b8-8x64"})
    public String model;

    @Param({"2"})
    public int threads;

    private Module net;
    private Sgd optimizer;
    private MemoryScope data;
    private Tensor input;
    private Tensor target;
    private long peakBytes;

    /** The network, batch and input extent of a case. */
    record Case(boolean video, int batch, int frames, int size, int classes) {
        static Case of(String name) {
            return switch (name) {
                case "resnet18-b32-64" -> new Case(false, 32, 1, 64, 1000);
                case "resnet18-b32-112" -> new Case(false, 32, 1, 112, 1000);
                case "r3d18-b8-8x64" -> new Case(true, 8, 8, 64, 400);
                default -> throw new IllegalArgumentException("TrainingStepBenchmark: unknown case '" + name
                        + "', expected resnet18-b32-64, resnet18-b32-112 or r3d18-b8-8x64");
            };
        }

        long[] inputShape() {
            return video ? new long[] {batch, 3, frames, size, size} : new long[] {batch, 3, size, size};
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        Case c = Case.of(model);
        RandomStream random = new RandomStream(7);
        net = c.video() ? VideoResNet.r3d18(c.classes(), 64, random) : ResNet.resnet18(c.classes(), 64, random);
        net.train(true);
        optimizer = new Sgd(net.namedParameters(), 0.01, 0.9, 0, false);
        data = MemoryScope.open();
        input = random.normal(DType.F32, 0, 1, c.inputShape());
        long[] labels = new long[c.batch()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 37L) % c.classes();
        }
        target = Tensor.ofLongs(labels, c.batch());
        peakBytes = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        double peakMiB = peakBytes / (1024.0 * 1024.0);
        System.err.printf(Locale.ROOT, "training-step %s: peak off-heap %.1f MiB%n", model, peakMiB);
        ExtraFields.record(TrainingStepBenchmark.class, Map.of("model", model, "threads", String.valueOf(threads)),
                "peak_offheap_mib", peakMiB);
        data.close();
        optimizer.close();
        net.close();
        BenchThreads.reset();
    }

    /** One step; returns the loss so the work cannot be elided. */
    @Benchmark
    public double step() {
        CachingAllocator.global().resetPeak();
        double loss;
        try (MemoryScope step = MemoryScope.open()) {
            Var logits = net.forward(Var.constant(input));
            Var l = LossFunctions.crossEntropy(logits, target);
            l.backward();
            optimizer.step();
            optimizer.zeroGrad();
            loss = l.item();
        }
        peakBytes = Math.max(peakBytes, CachingAllocator.global().peakBytes());
        return loss;
    }

    /** 2·MACs of the forward convolutions and fc layer of the case's network. */
    static double forwardFlops(Case c) {
        double macs = 0;
        int width = 64;
        if (c.video()) {
            int t = c.frames();
            int h = out(c.size(), 7, 2, 3);
            macs += (double) width * 3 * 3 * 7 * 7 * t * h * h;
            int in = width;
            for (int stage = 0; stage < 4; stage++) {
                int planes = width << stage;
                int s = stage == 0 ? 1 : 2;
                int t1 = out(t, 3, s, 1);
                int h1 = out(h, 3, s, 1);
                double volume = (double) t1 * h1 * h1;
                macs += planes * in * 27.0 * volume + 3 * planes * planes * 27.0 * volume;
                if (s != 1 || in != planes) {
                    macs += (double) planes * in * volume;
                }
                t = t1;
                h = h1;
                in = planes;
            }
            macs += 8.0 * width * c.classes();
        } else {
            int h = out(c.size(), 7, 2, 3);
            macs += (double) width * 3 * 7 * 7 * h * h;
            h = out(h, 3, 2, 1);
            int in = width;
            for (int stage = 0; stage < 4; stage++) {
                int planes = width << stage;
                int s = stage == 0 ? 1 : 2;
                int h1 = out(h, 3, s, 1);
                double area = (double) h1 * h1;
                macs += planes * in * 9.0 * area + 3 * planes * planes * 9.0 * area;
                if (s != 1 || in != planes) {
                    macs += (double) planes * in * area;
                }
                h = h1;
                in = planes;
            }
            macs += 8.0 * width * c.classes();
        }
        return 2 * macs * c.batch();
    }

    private static int out(int size, int kernel, int stride, int pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 3 * forwardFlops(Case.of(params.get("model")));
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        Case c = Case.of(params.get("model"));
        long[] s = c.inputShape();
        StringBuilder b = new StringBuilder(c.video() ? "r3d18 " : "resnet18 ");
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : "x").append(s[i]);
        }
        return b.append(" sgd").toString();
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("model", new String[] {"resnet18-b32-64"});
    }
}
