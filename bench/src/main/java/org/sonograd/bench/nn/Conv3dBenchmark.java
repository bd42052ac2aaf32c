package org.sonograd.bench.nn;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;
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
import org.sonograd.bench.BenchThreads;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.ConvGeometry;
import org.sonograd.kernels.ConvKernels;
import org.sonograd.kernels.ConvVersion;
import org.sonograd.kernels.DType;

/**
 * The three reference conv3d layers of BENCHMARKS.md, F32, batch 4:
 * stem 3×16×112×112 → 64, k 3×7×7, s 1×2×2, p 1×3×3; mid 64×8×28×28 → 64, k3 p1; deep 256×2×7×7 → 256, k3 p1.
 * {@code forward}; {@code forwardBackward} (forward, weight gradient and input gradient);
 * {@code forwardWeightGrad} (forward and weight gradient only, the first layer's backward).
 * Work: nominal flops 2·N·Cout·oD·oH·oW·Cin·taps per pass (padding taps included); the shape
 * string gives the share of the taps that land inside the input (the effective rate is the nominal
 * one times that share; PyTorch/oneDNN: stem 80/443 ms, mid 22/70, deep 4.2/24 fwd/fwd+bwd).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class Conv3dBenchmark implements WorkCount {
    @Param({"stem", "mid", "deep"})
    public String layer;

    @Param({"v2"})
    public String version;

    @Param({"2"})
    public int threads;

    private ConvGeometry g;
    private ConvVersion kernel;
    private MemorySegment x;
    private MemorySegment w;
    private MemorySegment y;
    private MemorySegment gy;
    private MemorySegment gx;
    private MemorySegment gw;

    /** The geometry of a reference layer by name. */
    public static ConvGeometry geometry(String layer) {
        return switch (layer) {
            case "stem" -> ConvGeometry.of("stem", 4, 3, 64, 1, new int[] {16, 112, 112}, new int[] {3, 7, 7},
                    new int[] {1, 2, 2}, new int[] {1, 3, 3}, new int[] {1, 1, 1});
            case "mid" -> ConvGeometry.of("mid", 4, 64, 64, 1, new int[] {8, 28, 28}, new int[] {3, 3, 3},
                    new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
            case "deep" -> ConvGeometry.of("deep", 4, 256, 256, 1, new int[] {2, 7, 7}, new int[] {3, 3, 3},
                    new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
            default -> throw new IllegalArgumentException("unknown conv3d layer '" + layer + "', expected stem, mid or deep");
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        BenchThreads.apply(threads);
        g = geometry(layer);
        kernel = ConvVersion.byName(version);
        x = random(g.inputElements(), 1);
        w = random(g.weightElements(), 2);
        gy = random(g.outputElements(), 3);
        y = CachingAllocator.global().allocate(g.outputElements() * 4);
        gx = CachingAllocator.global().allocate(g.inputElements() * 4);
        gw = CachingAllocator.global().allocate(g.weightElements() * 4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (MemorySegment s : new MemorySegment[] {x, w, y, gy, gx, gw}) {
            CachingAllocator.global().release(s);
        }
        BenchThreads.reset();
    }

    @Benchmark
    public MemorySegment forward() {
        ConvKernels.forward(kernel, g, DType.F32, x, w, y);
        return y;
    }

    @Benchmark
    public MemorySegment forwardBackward() {
        ConvKernels.forward(kernel, g, DType.F32, x, w, y);
        ConvKernels.weightGrad(kernel, g, DType.F32, x, gy, gw);
        ConvKernels.inputGrad(kernel, g, DType.F32, gy, w, gx);
        return gx;
    }

    @Benchmark
    public MemorySegment forwardWeightGrad() {
        ConvKernels.forward(kernel, g, DType.F32, x, w, y);
        ConvKernels.weightGrad(kernel, g, DType.F32, x, gy, gw);
        return gw;
    }

    /** A segment of {@code elements} floats uniform in [−½, ½) from {@code seed}, from the global allocator. */
    static MemorySegment random(long elements, long seed) {
        MemorySegment seg = CachingAllocator.global().allocate(elements * 4);
        Random random = new Random(seed);
        for (long i = 0; i < elements; i++) {
            seg.setAtIndex(JAVA_FLOAT, i, random.nextFloat() - 0.5f);
        }
        return seg;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        double pass = geometry(params.get("layer")).nominalFlops();
        return switch (method) {
            case "forward" -> pass;
            case "forwardWeightGrad" -> 2 * pass;
            default -> 3 * pass;
        };
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        ConvGeometry c = geometry(params.get("layer"));
        return 4.0 * (c.inputElements() + c.weightElements() + c.outputElements());
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        ConvGeometry c = geometry(params.get("layer"));
        return params.get("layer") + " " + c.batch() + "x" + c.inChannels() + "x" + c.input()[0] + "x" + c.input()[1] + "x"
                + c.input()[2] + "->" + c.outChannels() + " effective " + Math.round(100 * c.effectiveFlops() / c.nominalFlops())
                + "%";
    }

    @Override
    public Map<String, String[]> quickParams() {
        return Map.of("layer", new String[] {"deep"});
    }
}
