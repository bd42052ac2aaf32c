package org.sonograd.kernels.cuda.launch;

/**
 * optimizer.cu: fused AdamW and SGD (momentum, dampening, Nesterov, weight decay) updates in place,
 * grid-stride over the n parameters (grid at most 4096 blocks of 256).
 */
public final class CudaOptimizers {
    static final String FAMILY = "optimizer";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaOptimizers(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * AdamW step {@code step} (1-based): bias corrections 1 − β₁^step and 1 − β₂^step are computed
     * here in float, as the kernel's formula expects.
     */
    public void adamw(long n, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, float lr,
                      float beta1, float beta2, float eps, float weightDecay, int step) {
        if (n == 0) {
            return;
        }
        float bias1 = 1.0f - (float) Math.pow(beta1, step);
        float bias2 = 1.0f - (float) Math.pow(beta2, step);
        launcher.launch(FAMILY, "adamw_step", Dim3.of(CudaElementwise.grid(n)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(n).ptr(param).ptr(grad).ptr(m).ptr(v).f32(lr).f32(beta1).f32(beta2).f32(eps)
                        .f32(weightDecay).f32(bias1).f32(bias2));
    }

    /** SGD step; buf may be null when momentum is 0; {@code firstStep} seeds the buffer with the gradient. */
    public void sgd(long n, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer buf, float lr, float momentum,
                    float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "sgd_step", Dim3.of(CudaElementwise.grid(n)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(n).ptr(param).ptr(grad).ptr(buf).f32(lr).f32(momentum).f32(dampening)
                        .f32(weightDecay).flag(nesterov).flag(firstStep));
    }
}
