package org.sonograd.kernels.cuda.launch;

import java.util.Arrays;

/**
 * pooling.cu: max pooling (with the argmax of each window, I64 flat in-plane indices) and average
 * pooling over PyTorch floor-mode sliding windows, 2-D or 3-D, forward and backward, on contiguous
 * N·C planes. Every kernel is grid-stride over its outputs (forward) or inputs (backward), block 256.
 */
public final class CudaPooling {
    static final String FAMILY = "pooling";
    static final int THREADS = 256;

    /**
     * The windows of one pooling: {@code planes} = N·C, input/kernel/stride/padding per spatial axis
     * (2 or 3 axes; 2-D is stored as depth 1); output = ⌊(in + 2p − k)/s⌋ + 1 per axis.
     */
    public record Geometry(long planes, int[] input, int[] output, int[] kernel, int[] stride, int[] padding,
                           boolean countIncludePad) {
        public static Geometry of(long planes, int[] input, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
            int axes = input.length;
            if (axes < 2 || axes > 3 || kernel.length != axes || stride.length != axes || padding.length != axes) {
                throw new IllegalArgumentException("cuda pool: input " + Arrays.toString(input) + ", kernel " + Arrays.toString(kernel)
                        + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                        + ": need 2 or 3 spatial axes, the same number in every argument");
            }
            int[] in = new int[3];
            int[] out = new int[3];
            int[] k = new int[3];
            int[] s = new int[3];
            int[] p = new int[3];
            for (int a = 0; a < 3; a++) {
                int src = a - (3 - axes);
                in[a] = src < 0 ? 1 : input[src];
                k[a] = src < 0 ? 1 : kernel[src];
                s[a] = src < 0 ? 1 : stride[src];
                p[a] = src < 0 ? 0 : padding[src];
                if (k[a] < 1 || s[a] < 1 || p[a] < 0 || 2 * p[a] > k[a] || in[a] + 2 * p[a] < k[a]) {
                    throw new IllegalArgumentException("cuda pool: input " + Arrays.toString(input) + ", kernel "
                            + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                            + Arrays.toString(padding) + ": need kernel, stride ≥ 1, 0 ≤ padding ≤ kernel/2 and the kernel"
                            + " to fit the padded input");
                }
                out[a] = (in[a] + 2 * p[a] - k[a]) / s[a] + 1;
            }
            return new Geometry(planes, in, out, k, s, p, countIncludePad);
        }

        public long inputSize() {
            return planes * input[0] * input[1] * input[2];
        }

        public long outputSize() {
            return planes * output[0] * output[1] * output[2];
        }

        /** The bytes of SonoPool {long long planes; 16 ints}. */
        byte[] struct() {
            StructBytes b = new StructBytes().i64(planes);
            for (int[] field : new int[][] {input, output, kernel, stride, padding}) {
                for (int v : field) {
                    b.i32(v);
                }
            }
            return b.i32(countIncludePad ? 1 : 0).bytes();
        }
    }

    private final KernelLauncher launcher;

    public CudaPooling(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y = window maxima, idx (I64) = flat in-plane index of each window's first maximum (NaN wins). */
    public void maxForward(Geometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer idx) {
        launch("pool_max_forward", g.outputSize(), KernelArgs.create().struct(g.struct()).ptr(x).ptr(y).ptr(idx));
    }

    /** dx (overwritten) = Σ of dy over the outputs whose argmax is that input. */
    public void maxBackward(Geometry g, DeviceBuffer dy, DeviceBuffer idx, DeviceBuffer dx) {
        launch("pool_max_backward", g.inputSize(), KernelArgs.create().struct(g.struct()).ptr(dy).ptr(idx).ptr(dx));
    }

    /** y = window averages. */
    public void avgForward(Geometry g, DeviceBuffer x, DeviceBuffer y) {
        launch("pool_avg_forward", g.outputSize(), KernelArgs.create().struct(g.struct()).ptr(x).ptr(y));
    }

    /** dx (overwritten) = the adjoint of {@link #avgForward} applied to dy. */
    public void avgBackward(Geometry g, DeviceBuffer dy, DeviceBuffer dx) {
        launch("pool_avg_backward", g.inputSize(), KernelArgs.create().struct(g.struct()).ptr(dy).ptr(dx));
    }

    private void launch(String kernel, long work, KernelArgs args) {
        if (work > 0) {
            launcher.launch(FAMILY, kernel, Dim3.of(CudaElementwise.grid(work)), Dim3.of(THREADS), 0, args);
        }
    }
}
