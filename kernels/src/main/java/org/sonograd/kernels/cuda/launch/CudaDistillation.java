package org.sonograd.kernels.cuda.launch;

/**
 * distillation.cu: the mean over B samples of the cross-entropy between a teacher's target
 * distribution and the student's softmax(s/τ_s), with its gradient; soft targets (DINO:
 * softmax((t − centre)/τ_t)) or hard ones (class indices, e.g. argmax of Sinkhorn codes); and the
 * teacher-centre EMA. Per-sample kernels: grid B, block 256; the loss is the ordered sum of the terms.
 */
public final class CudaDistillation {
    static final String FAMILY = "distillation";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaDistillation(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** Soft targets; center (K) may be null. Writes the loss to loss[0] and ∂L/∂student (B×K) to grad. */
    public void soft(int b, int k, DeviceBuffer student, DeviceBuffer teacher, DeviceBuffer center, float invTauS,
                     float invTauT, DeviceBuffer loss, DeviceBuffer grad) {
        perSample(b, loss, terms -> launcher.launch(FAMILY, "distill_soft", Dim3.of(b), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(b).i32(k).ptr(student).ptr(teacher).ptr(center).f32(invTauS).f32(invTauT)
                        .f32(1.0f / b).ptr(terms).ptr(grad)));
    }

    /** Hard targets (B class indices, I32). Writes the loss to loss[0] and ∂L/∂student to grad. */
    public void hard(int b, int k, DeviceBuffer student, DeviceBuffer targets, float invTauS, DeviceBuffer loss,
                     DeviceBuffer grad) {
        perSample(b, loss, terms -> launcher.launch(FAMILY, "distill_hard", Dim3.of(b), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(b).i32(k).ptr(student).ptr(targets).f32(invTauS).f32(1.0f / b).ptr(terms)
                        .ptr(grad)));
    }

    /** center ← m·center + (1 − m)·mean over the B teacher rows; grid ⌈K/256⌉, block 256. */
    public void updateCenter(int b, int k, DeviceBuffer teacher, float momentum, DeviceBuffer center) {
        if (k == 0) {
            return;
        }
        launcher.launch(FAMILY, "distill_center_update", Dim3.of(Dim3.blocks(k, THREADS)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(b).i32(k).ptr(teacher).f32(momentum).ptr(center));
    }

    private void perSample(int b, DeviceBuffer loss, java.util.function.Consumer<DeviceBuffer> kernel) {
        if (b == 0) {
            throw new IllegalArgumentException("cuda distillation: the batch is empty");
        }
        DeviceBuffer terms = launcher.allocate(4L * b);
        try {
            kernel.accept(terms);
            new CudaReductions(launcher).sum(b, terms, loss);
        } finally {
            launcher.release(terms);
        }
    }
}
