package org.sonograd.bench.io;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sonograd.bench.WorkCount;
import org.sonograd.io.sim.Clip;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.SceneKind;
import org.sonograd.io.sim.Simulator;

/**
 * Time per simulated frame: one call renders a whole clip of {@value #FRAMES} frames of
 * {@code size×size} (phantom, scatterers, PSF, envelope, scan conversion, masks) on all threads and
 * counts as {@value #FRAMES} operations, so the score is ms per frame and frames/s = 1000 / score.
 * Target: ≥ 50 frames/s of 128×128 on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@OperationsPerInvocation(SimulatorBenchmark.FRAMES)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SimulatorBenchmark implements WorkCount {
    @Param({"fetal", "lung", "breast", "echo"})
    public String scene;

    @Param({"128"})
    public int size;

    /** Frames per clip. */
    public static final int FRAMES = 32;

    private int index;

    /** One clip (a new index each call, so no caching helps). */
    @Benchmark
    public Clip clip() {
        return Simulator.clip(SceneKind.parse(scene), 1, index++, new ClipSpec(FRAMES, size, size, 15));
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        long s = Long.parseLong(params.getOrDefault("size", "128"));
        return s * s * (4 + 1);
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return "one frame of " + params.getOrDefault("size", "128") + "x" + params.getOrDefault("size", "128")
                + " in clips of " + FRAMES + " (" + params.getOrDefault("scene", "?") + ")";
    }
}
