package org.sonograd.bench.cuda;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import org.sonograd.kernels.cuda.launch.CudaConv3d;
import org.sonograd.kernels.cuda.launch.CudaGemm;
import org.sonograd.kernels.cuda.launch.CudaInfoNce;
import org.sonograd.kernels.cuda.launch.CudaSinkhorn;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.KernelLauncher;

/**
 * The CUDA benchmark cases of {@code sonograd bench --device cuda|cuda-emulated}: GEMM and conv3d
 * (forward, data grad, weight grad) in GFLOP/s, InfoNCE (symmetric, forward + backward) and Sinkhorn
 * in ms, each timed over a few repetitions after a warm-up launch, with the launcher synchronised
 * before the clock stops. Prints one JSON line per case in the CPU bench's format, with {@code
 * device} in place of {@code threads} and no peak ratio (no GPU peak is measured).
 *
 * @param sizes the problem sizes: {@link Sizes#GPU} or the tiny {@link Sizes#EMULATED} ones
 */
public record CudaBench(KernelLauncher launcher, String device, Sizes sizes, PrintStream out) {
    /** Problem sizes and repetitions of one run. */
    public record Sizes(int gemm, int[] convInput, int[] convKernel, int nceN, int nceD, int sinkhornB, int sinkhornK,
                        int repetitions) {
        /** Sizes that keep a datacentre GPU busy for milliseconds per case. */
        public static final Sizes GPU = new Sizes(4096, new int[] {8, 64, 16, 56, 56}, new int[] {64, 3, 3, 3}, 4096, 128,
                4096, 3000, 20);
        /** Sizes the CPU emulator runs in seconds: they prove the benchmark path runs, nothing about speed. */
        public static final Sizes EMULATED = new Sizes(64, new int[] {1, 4, 4, 8, 8}, new int[] {8, 3, 3, 3}, 64, 32, 64,
                100, 1);
    }

    /** Runs every case and prints its line. */
    public void run() {
        Random random = new Random(1);
        gemm(random);
        conv3d(random);
        infoNce(random);
        sinkhorn(random);
    }

    private void gemm(Random random) {
        int n = sizes.gemm;
        DeviceBuffer a = upload(random, (long) n * n);
        DeviceBuffer b = upload(random, (long) n * n);
        DeviceBuffer c = launcher.allocate(4L * n * n);
        CudaGemm gemm = new CudaGemm(launcher);
        double ms = time(() -> gemm.sgemm(false, false, n, n, n, 1f, a, b, 0f, c));
        report("gemm.sgemm_tiled", n + "x" + n + "x" + n, ms, 2.0 * n * n * n);
        release(a, b, c);
    }

    private void conv3d(Random random) {
        CudaConv3d.Geometry g = CudaConv3d.Geometry.of(sizes.convInput, sizes.convKernel, new int[] {1, 1, 1},
                new int[] {1, 1, 1}, new int[] {1, 1, 1});
        DeviceBuffer x = upload(random, g.inputSize());
        DeviceBuffer w = upload(random, g.weightSize());
        DeviceBuffer y = launcher.allocate(4 * g.outputSize());
        DeviceBuffer dx = launcher.allocate(4 * g.inputSize());
        DeviceBuffer dw = launcher.allocate(4 * g.weightSize());
        CudaConv3d conv = new CudaConv3d(launcher);
        // every pass is a GEMM of 2·N·O·OD·OH·OW·C·KD·KH·KW flops
        double flops = 2.0 * g.outputSize() * g.c() * g.kd() * g.kh() * g.kw();
        String shape = g.n() + "x" + g.c() + "x" + g.d() + "x" + g.h() + "x" + g.w() + " k" + g.o() + "x" + g.kd() + "x"
                + g.kh() + "x" + g.kw();
        report("conv3d.forward", shape, time(() -> conv.forward(g, x, w, null, y)), flops);
        report("conv3d.backward_data", shape, time(() -> conv.backwardData(g, y, w, dx)), flops);
        report("conv3d.backward_weight", shape, time(() -> conv.backwardWeight(g, y, x, dw)), flops);
        release(x, w, y, dx, dw);
    }

    private void infoNce(Random random) {
        int n = sizes.nceN;
        int d = sizes.nceD;
        DeviceBuffer z1 = upload(random, (long) n * d);
        DeviceBuffer z2 = upload(random, (long) n * d);
        DeviceBuffer loss = launcher.allocate(4);
        DeviceBuffer dz1 = launcher.allocate(4L * n * d);
        DeviceBuffer dz2 = launcher.allocate(4L * n * d);
        CudaInfoNce nce = new CudaInfoNce(launcher);
        double ms = time(() -> nce.crossModal(true, n, d, z1, z2, 10f, null, null, loss, dz1, dz2));
        report("infonce.symmetric_fwd_bwd", n + "x" + d, ms, 0);
        release(z1, z2, loss, dz1, dz2);
    }

    private void sinkhorn(Random random) {
        int b = sizes.sinkhornB;
        int k = sizes.sinkhornK;
        DeviceBuffer scores = upload(random, (long) b * k);
        DeviceBuffer q = launcher.allocate(4L * b * k);
        CudaSinkhorn sinkhorn = new CudaSinkhorn(launcher);
        double ms = time(() -> sinkhorn.assign(b, k, scores, 20f, 3, q));
        report("sinkhorn.assign_3it", b + "x" + k, ms, 0);
        release(scores, q);
    }

    /** Mean ms of one run over {@code sizes.repetitions} runs after one warm-up run (device events on a GPU). */
    private double time(Runnable work) {
        work.run();
        return launcher.elapsedMillis(() -> {
            for (int r = 0; r < sizes.repetitions; r++) {
                work.run();
            }
        }) / sizes.repetitions;
    }

    private void report(String op, String shape, double ms, double flops) {
        StringBuilder json = new StringBuilder("{\"op\":\"").append(op).append("\",\"shape\":\"").append(shape)
                .append("\",\"device\":\"").append(device).append("\",\"ms\":").append(number(ms));
        if (flops > 0) {
            json.append(",\"gflops\":").append(number(flops / (ms * 1e6)));
        }
        out.println(json.append(",\"ratio_to_peak\":null}"));
        out.flush();
    }

    private DeviceBuffer upload(Random random, long n) {
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
        }
        return launcher.upload(values);
    }

    private void release(DeviceBuffer... buffers) {
        for (DeviceBuffer b : buffers) {
            launcher.release(b);
        }
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "null";
    }
}
