package org.sonograd.tensor;

import org.sonograd.kernels.AttentionKernels;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;

/** Tensor entry of the fused attention kernel ({@link AttentionKernels}); records no gradients. */
public final class Attention {
    private Attention() {}

    /**
     * softmax(Q Kᵀ · scale + M) V for Q, K, V [B, H, T, dh]; M drops the keys where
     * {@code keepKeys} [B, T] (BOOL) is false, or none when it is null. Every batch must keep at
     * least one key.
     */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor keepKeys, double scale) {
        long[] shape = q.shapeRef();
        DType t = q.dtype();
        if (q.rank() != 4 || !java.util.Arrays.equals(shape, k.shapeRef()) || !java.util.Arrays.equals(shape, v.shapeRef())
                || k.dtype() != t || v.dtype() != t || !t.isFloatingPoint()) {
            throw new IllegalArgumentException("attention: q " + Shapes.format(shape) + ", k " + Shapes.format(k.shapeRef())
                    + ", v " + Shapes.format(v.shapeRef()) + " must all be [B, H, T, dh] of one float dtype");
        }
        int b = Math.toIntExact(shape[0]);
        int h = Math.toIntExact(shape[1]);
        int tokens = Math.toIntExact(shape[2]);
        int dh = Math.toIntExact(shape[3]);
        java.lang.foreign.MemorySegment mask = null;
        if (keepKeys != null) {
            if (!java.util.Arrays.equals(keepKeys.shapeRef(), new long[] {b, tokens})) {
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
            mask = keep.storage().segment().asSlice(keep.offset(), (long) b * tokens);
        }
        Tensor out = Tensor.empty(t, shape);
        AttentionKernels.forward(t, b * h, h, tokens, dh, scale, InfoNce.dense(q, t), InfoNce.dense(k, t),
                InfoNce.dense(v, t), mask, InfoNce.dense(out, t));
        return out;
    }
}
