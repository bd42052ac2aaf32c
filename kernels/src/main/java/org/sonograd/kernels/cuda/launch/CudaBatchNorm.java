package org.sonograd.kernels.cuda.launch;

/**
 * batchnorm.cu: batch normalisation of N × C × S tensors (NCHW, NCDHW), training forward with the
 * per-channel batch statistics (and the running-statistics update), eval forward, and the backward
 * for both (formulas in batchnorm.cu). Per-channel kernels: grid C, block 256; the eval forward is
 * grid-stride. γ, β, the running buffers, dγ and dβ may be null.
 */
public final class CudaBatchNorm {
    static final String FAMILY = "batchnorm";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaBatchNorm(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y, the batch mean and rstd per channel, and running ← (1 − m)·running + m·batch (unbiased variance). */
    public void forwardTraining(long n, long c, long s, float eps, float momentum, DeviceBuffer x, DeviceBuffer gamma,
                                DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd,
                                DeviceBuffer runningMean, DeviceBuffer runningVar) {
        if (n * s == 0) {
            throw new IllegalArgumentException("cuda batch norm: no values per channel (N = " + n + ", spatial " + s + ")");
        }
        launcher.launch(FAMILY, "batchnorm_forward_train", Dim3.of(Dim3.blocks(c, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(n).i64(c).i64(s).f32(eps).f32(momentum).ptr(x).ptr(gamma).ptr(beta).ptr(y)
                        .ptr(mean).ptr(rstd).ptr(runningMean).ptr(runningVar));
    }

    /** y from the running statistics. */
    public void forwardEval(long n, long c, long s, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                            DeviceBuffer runningMean, DeviceBuffer runningVar, DeviceBuffer y) {
        long total = n * c * s;
        if (total == 0) {
            return;
        }
        launcher.launch(FAMILY, "batchnorm_forward_eval", Dim3.of(CudaElementwise.grid(total)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(n).i64(c).i64(s).f32(eps).ptr(x).ptr(gamma).ptr(beta).ptr(runningMean)
                        .ptr(runningVar).ptr(y));
    }

    /** dx, dγ, dβ of the training forward, from its saved mean and rstd. */
    public void backwardTraining(long n, long c, long s, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer mean,
                                 DeviceBuffer rstd, DeviceBuffer dy, DeviceBuffer dx, DeviceBuffer dgamma, DeviceBuffer dbeta) {
        backward(true, n, c, s, 0f, x, gamma, mean, rstd, dy, dx, dgamma, dbeta);
    }

    /** dx, dγ, dβ of the eval forward (the statistics are constants). */
    public void backwardEval(long n, long c, long s, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer runningMean,
                             DeviceBuffer runningVar, DeviceBuffer dy, DeviceBuffer dx, DeviceBuffer dgamma, DeviceBuffer dbeta) {
        backward(false, n, c, s, eps, x, gamma, runningMean, runningVar, dy, dx, dgamma, dbeta);
    }

    private void backward(boolean training, long n, long c, long s, float eps, DeviceBuffer x, DeviceBuffer gamma,
                          DeviceBuffer mean, DeviceBuffer rstdOrVar, DeviceBuffer dy, DeviceBuffer dx, DeviceBuffer dgamma,
                          DeviceBuffer dbeta) {
        if (c == 0) {
            return;
        }
        launcher.launch(FAMILY, "batchnorm_backward", Dim3.of(Dim3.blocks(c, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().flag(training).i64(n).i64(c).i64(s).f32(eps).ptr(x).ptr(gamma).ptr(mean)
                        .ptr(rstdOrVar).ptr(dy).ptr(dx).ptr(dgamma).ptr(dbeta));
    }
}
