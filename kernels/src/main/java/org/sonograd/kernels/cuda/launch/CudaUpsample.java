package org.sonograd.kernels.cuda.launch;

import java.util.Arrays;

/**
 * upsample.cu: nearest and (bi/tri)linear resizing of contiguous N×C×spatial tensors, one launch per
 * spatial axis (the filters are separable; kernels.ResampleKernels on the CPU does the same),
 * through temporaries between the axes. Forward and backward; grid-stride, block 256.
 */
public final class CudaUpsample {
    static final String FAMILY = "upsample";
    static final int THREADS = 256;

    /** The interpolation rule (PyTorch's names). */
    public enum Mode { NEAREST, LINEAR }

    private final KernelLauncher launcher;

    public CudaUpsample(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y (planes × output) = x (planes × input) resized along every spatial axis in turn, first to last. */
    public void forward(Mode mode, boolean alignCorners, long planes, int[] input, int[] output, DeviceBuffer x, DeviceBuffer y) {
        check(mode, alignCorners, input, output);
        int[] shape = input.clone();
        DeviceBuffer current = x;
        for (int axis = 0; axis < input.length; axis++) {
            boolean last = axis == input.length - 1;
            long[] split = split(planes, shape, axis);
            shape[axis] = output[axis];
            DeviceBuffer next = last ? y : launcher.allocate(4 * planes * volume(shape));
            axis("resample_axis_forward", mode, alignCorners, split, input[axis], output[axis], current, next,
                    split[0] * output[axis] * split[1]);
            if (current != x) {
                launcher.release(current);
            }
            current = next;
        }
    }

    /** dx (planes × input, overwritten) = the adjoint of {@link #forward} applied to dy, last axis first. */
    public void backward(Mode mode, boolean alignCorners, long planes, int[] input, int[] output, DeviceBuffer dy, DeviceBuffer dx) {
        check(mode, alignCorners, input, output);
        int[] shape = output.clone();
        DeviceBuffer current = dy;
        for (int axis = input.length - 1; axis >= 0; axis--) {
            boolean last = axis == 0;
            long[] split = split(planes, shape, axis);
            shape[axis] = input[axis];
            DeviceBuffer next = last ? dx : launcher.allocate(4 * planes * volume(shape));
            axis("resample_axis_backward", mode, alignCorners, split, input[axis], output[axis], current, next,
                    split[0] * input[axis] * split[1]);
            if (current != dy) {
                launcher.release(current);
            }
            current = next;
        }
    }

    private void axis(String kernel, Mode mode, boolean alignCorners, long[] split, int in, int out, DeviceBuffer from,
                      DeviceBuffer to, long work) {
        if (work == 0) {
            return;
        }
        launcher.launch(FAMILY, kernel, Dim3.of(CudaElementwise.grid(work)), Dim3.of(THREADS), 0, KernelArgs.create()
                .i64(split[0]).i32(in).i32(out).i64(split[1]).i32(mode.ordinal()).flag(alignCorners).ptr(from).ptr(to));
    }

    /** (outer, inner) around spatial axis {@code axis} of planes × shape. */
    private static long[] split(long planes, int[] shape, int axis) {
        long outer = planes;
        long inner = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        for (int a = axis + 1; a < shape.length; a++) {
            inner *= shape[a];
        }
        return new long[] {outer, inner};
    }

    private static long volume(int[] shape) {
        long v = 1;
        for (int s : shape) {
            v *= s;
        }
        return v;
    }

    private static void check(Mode mode, boolean alignCorners, int[] input, int[] output) {
        if (input.length < 1 || input.length > 3 || output.length != input.length
                || Arrays.stream(input).anyMatch(s -> s < 1) || Arrays.stream(output).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("cuda upsample: " + Arrays.toString(input) + " -> " + Arrays.toString(output)
                    + ": need 1 to 3 spatial axes of positive sizes");
        }
        if (mode == Mode.NEAREST && alignCorners) {
            throw new IllegalArgumentException("cuda upsample: align_corners applies to linear modes only");
        }
    }
}
