package org.sonograd.kernels.cuda.launch;

import java.util.Arrays;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.UnaryOp;

/**
 * elementwise.cu: out[i] = op(x[i]) ({@code unary_f32}) and out = a ∘ b with broadcasting
 * ({@code binary_broadcast_f32}); op codes are the ordinals of {@link UnaryOp} and {@link BinaryOp}.
 * Both kernels loop grid-stride, so the grid is capped at {@link #MAX_BLOCKS} blocks of 256.
 */
public final class CudaElementwise {
    static final String FAMILY = "elementwise";
    static final int THREADS = 256;
    static final int MAX_BLOCKS = 4096;
    /** SONO_MAX_DIMS in elementwise.cu. */
    public static final int MAX_DIMS = 6;

    private final KernelLauncher launcher;

    public CudaElementwise(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** out[i] = op(x[i]) for i < n. */
    public void unary(UnaryOp op, long n, DeviceBuffer x, DeviceBuffer out) {
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "unary_f32", Dim3.of(grid(n)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(op.ordinal()).i64(n).ptr(x).ptr(out));
    }

    /**
     * out (contiguous, shape {@code shape}) = op(a, b), where a and b are read at the strides given
     * per output dimension (0 along a broadcast dimension). The comparison ops are not on the GPU.
     */
    public void binary(BinaryOp op, long[] shape, DeviceBuffer a, long[] strideA, DeviceBuffer b, long[] strideB,
                       DeviceBuffer out) {
        if (op.isComparison()) {
            throw new IllegalArgumentException("cuda binary: " + op + " has no kernel (elementwise.cu covers the arithmetic ops)");
        }
        if (shape.length > MAX_DIMS || strideA.length != shape.length || strideB.length != shape.length) {
            throw new IllegalArgumentException("cuda binary " + op + ": shape " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strideA) + " and " + Arrays.toString(strideB) + " (at most " + MAX_DIMS + " dimensions)");
        }
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "binary_broadcast_f32", Dim3.of(grid(n)), Dim3.of(THREADS), 0,
                KernelArgs.create().i32(op.ordinal()).struct(broadcast(shape, strideA, strideB)).ptr(a).ptr(b).ptr(out));
    }

    /** out[i] = erf(x[i]) for i &lt; n ({@code erf_f32}). */
    public void erf(long n, DeviceBuffer x, DeviceBuffer out) {
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "erf_f32", Dim3.of(grid(n)), Dim3.of(THREADS), 0, KernelArgs.create().i64(n).ptr(x).ptr(out));
    }

    /**
     * The backward of ReLU ({@code relu_backward_f32}): out = gate &gt; 0 ? g : +0 over {@code shape},
     * g and gate read through broadcast strides.
     */
    public void reluBackward(long[] shape, DeviceBuffer g, long[] strideG, DeviceBuffer gate, long[] strideGate,
                             DeviceBuffer out) {
        if (shape.length > MAX_DIMS || strideG.length != shape.length || strideGate.length != shape.length) {
            throw new IllegalArgumentException("cuda reluBackward: shape " + Arrays.toString(shape) + " with strides "
                    + Arrays.toString(strideG) + " and " + Arrays.toString(strideGate) + " (at most " + MAX_DIMS
                    + " dimensions)");
        }
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n == 0) {
            return;
        }
        launcher.launch(FAMILY, "relu_backward_f32", Dim3.of(grid(n)), Dim3.of(THREADS), 0,
                KernelArgs.create().struct(broadcast(shape, strideG, strideGate)).ptr(g).ptr(gate).ptr(out));
    }

    /** The bytes of SonoBroadcast {int dims; long long size[6], strideA[6], strideB[6]}. */
    static byte[] broadcast(long[] shape, long[] strideA, long[] strideB) {
        StructBytes s = new StructBytes().i32(shape.length);
        for (long[] field : new long[][] {shape, strideA, strideB}) {
            for (int d = 0; d < MAX_DIMS; d++) {
                s.i64(d < field.length ? field[d] : 0);
            }
        }
        return s.bytes();
    }

    static int grid(long n) {
        return (int) Math.min(MAX_BLOCKS, Dim3.blocks(n, THREADS));
    }
}
