package org.sonograd.bench.io;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * Simulated clips per second: one call renders a whole clip of {@code frames} frames of
 * {@code size×size} (phantom, scatterers, PSF, envelope, scan conversion, masks), on all threads.
 * Frames per second = frames / time per call. Target: ≥ 50 frames/s of 128×128 on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SimulatorBenchmark implements WorkCount {
    @Param({"fetal", "lung", "breast", "echo"})
    public String scene;

    @Param({"128"})
    public int size;

    @Param({"32"})
    public int frames;

    private int index;

    /** One clip (a new index each call, so no caching helps). */
    @Benchmark
    public Clip clip() {
        return Simulator.clip(SceneKind.parse(scene), 1, index++, new ClipSpec(frames, size, size, 15));
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        long n = Long.parseLong(params.getOrDefault("frames", "32"));
        long s = Long.parseLong(params.getOrDefault("size", "128"));
        return n * s * s * (4 + 1);
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return params.getOrDefault("frames", "32") + " frames of " + params.getOrDefault("size", "128") + "x"
                + params.getOrDefault("size", "128") + " (" + params.getOrDefault("scene", "?") + ")";
    }
}
