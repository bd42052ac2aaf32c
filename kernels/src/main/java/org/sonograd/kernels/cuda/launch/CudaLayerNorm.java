package org.sonograd.kernels.cuda.launch;

/**
 * layernorm.cu over the rows of a rows×cols matrix: y = (x − μ)·rstd·γ + β with rstd = 1/√(σ² + ε),
 * saving μ and rstd per row; the data gradient (one block per row) and the parameter gradients
 * (one thread per column, rows in order). γ and β may be null (no affine transform).
 */
public final class CudaLayerNorm {
    static final String FAMILY = "layernorm";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaLayerNorm(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y, mean and rstd; grid rows, block 256. */
    public void forward(long rows, long cols, float eps, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta,
                        DeviceBuffer y, DeviceBuffer mean, DeviceBuffer rstd) {
        if (rows == 0) {
            return;
        }
        launcher.launch(FAMILY, "layernorm_forward", Dim3.of(Dim3.blocks(rows, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(rows).i64(cols).f32(eps).ptr(x).ptr(gamma).ptr(beta).ptr(y).ptr(mean).ptr(rstd));
    }

    /** dx from the forward's mean and rstd; grid rows, block 256. */
    public void backwardData(long rows, long cols, DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer mean,
                             DeviceBuffer rstd, DeviceBuffer dy, DeviceBuffer dx) {
        if (rows == 0) {
            return;
        }
        launcher.launch(FAMILY, "layernorm_backward_data", Dim3.of(Dim3.blocks(rows, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(rows).i64(cols).ptr(x).ptr(gamma).ptr(mean).ptr(rstd).ptr(dy).ptr(dx));
    }

    /** dγ = Σ_r dy·x̂ and dβ = Σ_r dy per column; grid ⌈cols/256⌉, block 256. */
    public void backwardParams(long rows, long cols, DeviceBuffer x, DeviceBuffer mean, DeviceBuffer rstd,
                               DeviceBuffer dy, DeviceBuffer dgamma, DeviceBuffer dbeta) {
        if (cols == 0) {
            return;
        }
        launcher.launch(FAMILY, "layernorm_backward_params", Dim3.of(Dim3.blocks(cols, THREADS)), Dim3.of(THREADS), 0,
                KernelArgs.create().i64(rows).i64(cols).ptr(x).ptr(mean).ptr(rstd).ptr(dy).ptr(dgamma).ptr(dbeta));
    }
}
