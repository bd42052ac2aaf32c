package org.sonograd.kernels.cuda.launch;

/**
 * softmax.cu, row-wise over a rows×cols matrix: y = softmax(x) or log-softmax(x) and the backward
 * dx = y ⊙ (dy − Σ dy⊙y) (softmax) or dx = dy − softmax(x)·Σ dy (log-softmax). One block of 256 per row.
 */
public final class CudaSoftmax {
    static final String FAMILY = "softmax";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaSoftmax(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y = softmax(x) per row ({@code log}: log-softmax). */
    public void forward(boolean log, long rows, long cols, DeviceBuffer x, DeviceBuffer y) {
        if (rows == 0) {
            return;
        }
        launcher.launch(FAMILY, "softmax_rows", Dim3.of(Dim3.blocks(rows, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().flag(log).i64(rows).i64(cols).ptr(x).ptr(y));
    }

    /** dx from the forward's output y and the upstream gradient dy. */
    public void backward(boolean log, long rows, long cols, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx) {
        if (rows == 0) {
            return;
        }
        launcher.launch(FAMILY, "softmax_rows_backward", Dim3.of(Dim3.blocks(rows, 1)), Dim3.of(THREADS), 0,
                KernelArgs.create().flag(log).i64(rows).i64(cols).ptr(y).ptr(dy).ptr(dx));
    }
}
