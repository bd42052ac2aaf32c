package org.sonograd.bench.nn;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.ConvGeometry;
import org.sonograd.kernels.ConvKernels;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Parallel;

/**
 * Times the three convolution kernels (forward, input gradient, weight gradient) of every distinct
 * convolution of a ResNet-18 training step (batch 32, 3×64×64), of the 3×3×3 convolutions of an
 * R3D-18 step (batch 8, 3×8×64×64) and of the three conv3d reference layers of
 * {@link Conv3dBenchmark}, on one thread, by the CPU time of that thread: on a machine shared with
 * other jobs that is what before/after comparisons can rely on. Prints the minimum over the
 * repetitions, in ms, and the nominal GFLOP/s, of a second pass over the layers (the first one
 * warms the compiler up). Arguments: repetitions (default 5), then optionally the layer names to
 * run (default all).
 */
public final class ConvLayerCpuTime {
    private ConvLayerCpuTime() {}

    /**
     * The layers by name: ResNet-18 b32 3×64² ("r18-…"), R3D-18 b8 3×8×64² ("r3d-…", without the
     * pointwise shortcuts) and the conv3d reference layers ("c3d-…").
     */
    static Map<String, ConvGeometry> layers() {
        Map<String, ConvGeometry> m = new LinkedHashMap<>();
        m.put("r18-stem", conv2d(3, 64, 64, 7, 2, 3));
        m.put("r18-l1", conv2d(64, 64, 16, 3, 1, 1));
        m.put("r18-l2-down", conv2d(64, 128, 16, 3, 2, 1));
        m.put("r18-l2", conv2d(128, 128, 8, 3, 1, 1));
        m.put("r18-l2-short", conv2d(64, 128, 16, 1, 2, 0));
        m.put("r18-l3-down", conv2d(128, 256, 8, 3, 2, 1));
        m.put("r18-l3", conv2d(256, 256, 4, 3, 1, 1));
        m.put("r18-l3-short", conv2d(128, 256, 8, 1, 2, 0));
        m.put("r18-l4-down", conv2d(256, 512, 4, 3, 2, 1));
        m.put("r18-l4", conv2d(512, 512, 2, 3, 1, 1));
        m.put("r18-l4-short", conv2d(256, 512, 4, 1, 2, 0));
        m.put("r3d-stem", conv3d(3, 64, 8, 64, new int[] {3, 7, 7}, new int[] {1, 2, 2}, new int[] {1, 3, 3}));
        m.put("r3d-l1", conv3d(64, 64, 8, 32, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        m.put("r3d-l2-down", conv3d(64, 128, 8, 32, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1}));
        m.put("r3d-l2", conv3d(128, 128, 4, 16, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        m.put("r3d-l3-down", conv3d(128, 256, 4, 16, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1}));
        m.put("r3d-l3", conv3d(256, 256, 2, 8, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        m.put("r3d-l4-down", conv3d(256, 512, 2, 8, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 1, 1}));
        m.put("r3d-l4", conv3d(512, 512, 1, 4, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        for (String layer : new String[] {"stem", "mid", "deep"}) {
            m.put("c3d-" + layer, Conv3dBenchmark.geometry(layer));
        }
        return m;
    }

    private static ConvGeometry conv3d(int cin, int cout, int frames, int side, int[] k, int[] s, int[] p) {
        return ConvGeometry.of("r3d18", 8, cin, cout, 1, new int[] {frames, side, side}, k, s, p, new int[] {1, 1, 1});
    }

    private static ConvGeometry conv2d(int cin, int cout, int side, int k, int s, int p) {
        return ConvGeometry.of("resnet18", 32, cin, cout, 1, new int[] {side, side}, new int[] {k, k},
                new int[] {s, s}, new int[] {p, p}, new int[] {1, 1});
    }

    /** {@code ConvLayerCpuTime [repetitions [layer...]]}. */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Parallel.setMaxThreads(1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, ConvGeometry> all = layers();
        Iterable<String> names = args.length > 1 ? java.util.Arrays.asList(args).subList(1, args.length) : all.keySet();
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                System.out.printf("%-14s %9s %9s %9s   GFLOP/s fwd / igrad / wgrad%n", "layer", "fwd ms", "igrad ms",
                        "wgrad ms");
            }
            for (String name : names) {
                run(name, all.get(name), reps, pass == 1, mx);
            }
        }
    }

    private static void run(String name, ConvGeometry g, int reps, boolean print, ThreadMXBean mx) {
        if (g == null) {
            throw new IllegalArgumentException("unknown layer '" + name + "', expected one of " + layers().keySet());
        }
        MemorySegment x = Conv3dBenchmark.random(g.inputElements(), 1);
        MemorySegment w = Conv3dBenchmark.random(g.weightElements(), 2);
        MemorySegment gy = Conv3dBenchmark.random(g.outputElements(), 3);
        MemorySegment y = CachingAllocator.global().allocate(g.outputElements() * 4);
        MemorySegment gx = CachingAllocator.global().allocate(g.inputElements() * 4);
        MemorySegment gw = CachingAllocator.global().allocate(g.weightElements() * 4);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int r = 0; r < reps + 2; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            ConvKernels.forward(g, DType.F32, x, w, y);
            long t1 = mx.getCurrentThreadCpuTime();
            ConvKernels.inputGrad(g, DType.F32, gy, w, gx);
            long t2 = mx.getCurrentThreadCpuTime();
            ConvKernels.weightGrad(g, DType.F32, x, gy, gw);
            long t3 = mx.getCurrentThreadCpuTime();
            if (r >= 2) {
                best[0] = Math.min(best[0], (t1 - t0) / 1e6);
                best[1] = Math.min(best[1], (t2 - t1) / 1e6);
                best[2] = Math.min(best[2], (t3 - t2) / 1e6);
            }
        }
        double gf = g.nominalFlops() / 1e6;
        if (print) {
            System.out.printf("%-14s %9.2f %9.2f %9.2f   %.0f / %.0f / %.0f%n", name, best[0], best[1], best[2],
                    gf / best[0], gf / best[1], gf / best[2]);
        }
        for (MemorySegment s : new MemorySegment[] {x, w, y, gy, gx, gw}) {
            CachingAllocator.global().release(s);
        }
    }
}
