package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.sonograd.kernels.AttentionKernels;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;

/** Tensor entry of the fused attention kernels ({@link AttentionKernels}); records no gradients. */
public final class Attention {
    private Attention() {}

    /** ∂L/∂Q, ∂L/∂K and ∂L/∂V, each [B, H, T, dh]. */
    public record Gradients(Tensor q, Tensor k, Tensor v) {}

    /**
     * softmax(Q Kᵀ · scale + M) V for Q, K, V [B, H, T, dh]; M drops the keys where
     * {@code keepKeys} [B, T] (BOOL) is false, or none when it is null. Every batch must keep at
     * least one key.
     */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor keepKeys, double scale) {
        checkInputs("attention", q, k, v);
        long[] shape = q.shapeRef();
        DType t = q.dtype();
        MemorySegment mask = mask(keepKeys, shape);
        Tensor out = Tensor.empty(t, shape);
        AttentionKernels.forward(t, (int) (shape[0] * shape[1]), (int) shape[1], (int) shape[2], (int) shape[3], scale,
                InfoNce.dense(q, t), InfoNce.dense(k, t), InfoNce.dense(v, t), mask, InfoNce.dense(out, t));
        return out;
    }

    /**
     * The gradients of {@link #scaledDotProduct} for the incoming gradient {@code gradOut} = ∂L/∂O,
     * given the forward's output {@code out}: the attention weights are recomputed block by block,
     * never stored whole.
     */
    public static Gradients scaledDotProductBackward(Tensor q, Tensor k, Tensor v, Tensor keepKeys, double scale,
                                                     Tensor out, Tensor gradOut) {
        checkInputs("attention backward", q, k, v);
        long[] shape = q.shapeRef();
        if (!Arrays.equals(shape, out.shapeRef()) || !Arrays.equals(shape, gradOut.shapeRef())) {
            throw new IllegalArgumentException("attention backward: out " + Shapes.format(out.shapeRef()) + " and gradOut "
                    + Shapes.format(gradOut.shapeRef()) + " must match q " + Shapes.format(shape));
        }
        DType t = q.dtype();
        MemorySegment mask = mask(keepKeys, shape);
        Gradients g = new Gradients(Tensor.empty(t, shape), Tensor.empty(t, shape), Tensor.empty(t, shape));
        AttentionKernels.backward(t, (int) (shape[0] * shape[1]), (int) shape[1], (int) shape[2], (int) shape[3], scale,
                InfoNce.dense(q, t), InfoNce.dense(k, t), InfoNce.dense(v, t), mask, InfoNce.dense(out, t),
                InfoNce.dense(gradOut, t), InfoNce.dense(g.q(), t), InfoNce.dense(g.k(), t),
                InfoNce.dense(g.v(), t));
        return g;
    }

    private static void checkInputs(String op, Tensor q, Tensor k, Tensor v) {
        long[] shape = q.shapeRef();
        DType t = q.dtype();
        if (q.rank() != 4 || !Arrays.equals(shape, k.shapeRef()) || !Arrays.equals(shape, v.shapeRef())
                || k.dtype() != t || v.dtype() != t || !t.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": q " + Shapes.format(shape) + ", k " + Shapes.format(k.shapeRef())
                    + ", v " + Shapes.format(v.shapeRef()) + " must all be [B, H, T, dh] of one float dtype");
        }
        for (long extent : shape) {
            Math.toIntExact(extent);
        }
    }

    /** The BOOL [B, T] mask as a dense segment, or null; every batch must keep a key. */
    private static MemorySegment mask(Tensor keepKeys, long[] shape) {
        if (keepKeys == null) {
            return null;
        }
        long b = shape[0];
        long tokens = shape[2];
        if (!Arrays.equals(keepKeys.shapeRef(), new long[] {b, tokens})) {
            throw new IllegalArgumentException("attention: keepKeys " + Shapes.format(keepKeys.shapeRef())
                    + " must be [B, T] = [" + b + ", " + tokens + "]");
        }
        Tensor keep = keepKeys.to(DType.BOOL).contiguous();
        double[] kept = keep.to(DType.F64).sum(new int[] {1}, false).toDoubleArray();
        for (int i = 0; i < b; i++) {
            if (kept[i] == 0) {
                throw new IllegalArgumentException("attention: batch " + i + " keeps no key");
            }
        }
        return keep.storage().segment().asSlice(keep.offset(), b * tokens);
    }
}
