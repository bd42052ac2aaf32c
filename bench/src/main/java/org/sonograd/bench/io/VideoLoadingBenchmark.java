package org.sonograd.bench.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
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
import org.sonograd.io.data.Frames;
import org.sonograd.io.data.Transforms;
import org.sonograd.io.read.Picture;
import org.sonograd.io.read.Video;
import org.sonograd.io.read.VideoFiles;
import org.sonograd.io.sim.ClipSpec;
import org.sonograd.io.sim.ClipWriter;
import org.sonograd.io.sim.KeyedRandom;
import org.sonograd.io.sim.SceneKind;

/**
 * Decoded+augmented clips per second from a real mp4 file: one call decodes {@code frames} frames
 * with stride 2 from an MPEG-4 file of 2·{@code frames} frames of {@code size×size} (written once
 * by the simulator's ClipWriter into a temporary folder), then applies a random resized crop to
 * 112×112, a random horizontal flip, a random affine warp and intensity jitter, with a fresh keyed
 * random stream per call. Clips per second = 1000 / (ms per call); one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class VideoLoadingBenchmark implements WorkCount {
    private static final int OUT = 112;

    @Param({"128"})
    public int size;

    @Param({"16"})
    public int frames;

    private Path dir;
    private Path video;
    private int[] indices;
    private long call;

    /** Writes the clip (lung scene, 15 fps) once. */
    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("sonograd-video-bench");
        ClipWriter.write(dir, SceneKind.LUNG, 1, 1, new ClipSpec(2 * frames, size, size, 15), false);
        video = dir.resolve("lung_0000.mp4");
        indices = new int[frames];
        for (int t = 0; t < frames; t++) {
            indices[t] = 2 * t;
        }
    }

    /** Deletes the temporary folder. */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Decode, stride-2 temporal sampling, augment. */
    @Benchmark
    public Frames decodeAndAugment() {
        Video v = VideoFiles.readFrames(video, false, 0, 0, indices);
        float[] px = new float[frames * size * size];
        for (int t = 0; t < frames; t++) {
            Picture p = v.frames().get(t);
            System.arraycopy(p.pixels(), 0, px, t * size * size, size * size);
        }
        RandomGenerator r = KeyedRandom.of(7, call++, KeyedRandom.tag("bench"));
        Frames f = Transforms.randomResizedCrop(new Frames(frames, size, size, px), 0.5, OUT, OUT, r);
        if (r.nextBoolean()) {
            f = Transforms.flipHorizontal(f);
        }
        f = Transforms.randomAffine(f, 0.2, 0.1, 0.05, r);
        return Transforms.intensityJitter(f, 0.1, r);
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        long n = Long.parseLong(params.getOrDefault("frames", "16"));
        long s = Long.parseLong(params.getOrDefault("size", "128"));
        // decoded grey frames (2n decoded, n kept as float) plus the augmented output
        return 2 * n * s * s + n * s * s * 4 + n * OUT * OUT * 4;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        String s = params.getOrDefault("size", "128");
        return params.getOrDefault("frames", "16") + " frames of " + s + "x" + s + " mp4 -> " + OUT + "x" + OUT;
    }
}
