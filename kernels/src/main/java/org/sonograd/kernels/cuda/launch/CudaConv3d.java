package org.sonograd.kernels.cuda.launch;

/**
 * conv3d.cu: 3-D convolution (NCDHW, weight O×C×KD×KH×KW) as implicit GEMM, forward, data gradient,
 * weight gradient and bias gradient (formulas in conv3d.cu); conv2d is D = KD = 1. The three GEMMs
 * tile their M×N outputs in 64×64 blocks of 256 threads; the bias gradient is one block per channel.
 */
public final class CudaConv3d {
    static final String FAMILY = "conv3d";
    static final int TILE = 64;
    static final int THREADS = 256;

    /** The geometry of one convolution; output sizes follow from the others ({@link #of}). */
    public record Geometry(int n, int c, int d, int h, int w, int o, int kd, int kh, int kw, int od, int oh, int ow,
                           int sd, int sh, int sw, int pd, int ph, int pw, int dd, int dh, int dw) {
        /**
         * input (n, c, d, h, w), kernel (o, kd, kh, kw), stride, padding and dilation (d, h, w);
         * out = ⌊(in + 2p − dl·(k − 1) − 1)/s⌋ + 1 per axis.
         */
        public static Geometry of(int[] input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
            int[] out = new int[3];
            for (int a = 0; a < 3; a++) {
                out[a] = (input[2 + a] + 2 * padding[a] - dilation[a] * (kernel[1 + a] - 1) - 1) / stride[a] + 1;
                if (out[a] < 1) {
                    throw new IllegalArgumentException("cuda conv3d: axis " + a + " of input " + java.util.Arrays.toString(input)
                            + " is smaller than the dilated kernel " + java.util.Arrays.toString(kernel));
                }
            }
            return new Geometry(input[0], input[1], input[2], input[3], input[4], kernel[0], kernel[1], kernel[2],
                    kernel[3], out[0], out[1], out[2], stride[0], stride[1], stride[2], padding[0], padding[1],
                    padding[2], dilation[0], dilation[1], dilation[2]);
        }

        public long inputSize() {
            return (long) n * c * d * h * w;
        }

        public long outputSize() {
            return (long) n * o * od * oh * ow;
        }

        public long weightSize() {
            return (long) o * c * kd * kh * kw;
        }

        /** The bytes of SonoConv3d: 21 ints in declaration order. */
        byte[] struct() {
            StructBytes s = new StructBytes();
            for (int v : new int[] {n, c, d, h, w, o, kd, kh, kw, od, oh, ow, sd, sh, sw, pd, ph, pw, dd, dh, dw}) {
                s.i32(v);
            }
            return s.bytes();
        }
    }

    private final KernelLauncher launcher;

    public CudaConv3d(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** y = conv(x, weight) + bias (bias may be null); grid (⌈n·OD·OH·OW/64⌉, ⌈O/64⌉). */
    public void forward(Geometry g, DeviceBuffer x, DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer y) {
        launcher.launch(FAMILY, "conv3d_forward", Dim3.of(Dim3.blocks((long) g.n * g.od * g.oh * g.ow, TILE),
                Dim3.blocks(g.o, TILE)), Dim3.of(THREADS), 0, KernelArgs.create().struct(g.struct()).ptr(x).ptr(weight)
                .ptr(bias).ptr(y));
    }

    /** dx (overwritten) from dy; grid (⌈n·D·H·W/64⌉, ⌈C/64⌉). */
    public void backwardData(Geometry g, DeviceBuffer dy, DeviceBuffer weight, DeviceBuffer dx) {
        launcher.launch(FAMILY, "conv3d_backward_data", Dim3.of(Dim3.blocks((long) g.n * g.d * g.h * g.w, TILE),
                Dim3.blocks(g.c, TILE)), Dim3.of(THREADS), 0, KernelArgs.create().struct(g.struct()).ptr(dy).ptr(weight)
                .ptr(dx));
    }

    /** dweight (overwritten); grid (⌈C·KD·KH·KW/64⌉, ⌈O/64⌉). */
    public void backwardWeight(Geometry g, DeviceBuffer dy, DeviceBuffer x, DeviceBuffer dweight) {
        launcher.launch(FAMILY, "conv3d_backward_weight", Dim3.of(Dim3.blocks((long) g.c * g.kd * g.kh * g.kw, TILE),
                Dim3.blocks(g.o, TILE)), Dim3.of(THREADS), 0, KernelArgs.create().struct(g.struct()).ptr(dy).ptr(x)
                .ptr(dweight));
    }

    /** dbias[o] = Σ dy over batch and positions; grid O, block 256. */
    public void backwardBias(Geometry g, DeviceBuffer dy, DeviceBuffer dbias) {
        launcher.launch(FAMILY, "conv3d_backward_bias", Dim3.of(g.o), Dim3.of(THREADS), 0,
                KernelArgs.create().struct(g.struct()).ptr(dy).ptr(dbias));
    }
}
