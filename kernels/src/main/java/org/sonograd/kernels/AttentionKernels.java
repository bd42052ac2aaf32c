package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention, fused (Vaswani et al. 2017):
 *
 * <pre>
 *   O = softmax(Q Kᵀ · s + M) V      M_tj = 0 where key j is kept, −∞ where it is dropped
 * </pre>
 *
 * for {@code batches} independent (batch, head) pairs of Q, K, V [T, dh], with one key mask per
 * batch (shared by its heads), as tube-masked ViTs need when clips keep different token counts. The
 * F32 path walks blocks of {@link #QUERY_BLOCK} queries: one GEMM for the block's scores, the masked
 * softmax in place (vector exp), one GEMM into O; the T×T matrix is never stored whole. A query
 * whose keys are all dropped gets zeros. F64 runs plain loops. Buffers are contiguous
 * [batches, T, dh]; the mask is BOOL [batches / heads, T] or null.
 *
 * <p>The backward ({@link #backward}) recomputes each block's attention weights P from Q and K
 * instead of storing them, as FlashAttention does, so it also never holds more than a block of
 * the T×T matrices.
 */
public final class AttentionKernels {
    /** Queries per block: the score block is QUERY_BLOCK × T floats. */
    static final int QUERY_BLOCK = 64;

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private AttentionKernels() {}

    /**
     * O = softmax(Q Kᵀ · scale, masked) V.
     *
     * @param heads    heads per batch: (batch, head) pair p uses mask row p / heads
     * @param keepKeys BOOL [batches / heads, T], true where a key may be attended, or null for all
     */
    public static void forward(DType dtype, int batches, int heads, int t, int dh, double scale,
                               MemorySegment q, MemorySegment k, MemorySegment v, MemorySegment keepKeys,
                               MemorySegment out) {
        if (!dtype.isFloatingPoint() || batches < 0 || heads < 1 || batches % heads != 0 || t < 0 || dh < 1) {
            throw new IllegalArgumentException("attention: need F32/F64 and batches a multiple of heads; got " + dtype
                    + ", batches=" + batches + ", heads=" + heads + ", T=" + t + ", dh=" + dh);
        }
        if (dtype == DType.F64 || !VectorSupport.enabled()) {
            Parallel.forEach(batches, p -> plainLoops(dtype, p, heads, t, dh, scale, q, k, v, keepKeys, out));
            return;
        }
        int blocks = Parallel.chunks(t, QUERY_BLOCK);
        Parallel.forEach(batches * blocks, task -> {
            int p = task / blocks;
            int q0 = (task % blocks) * QUERY_BLOCK;
            int rows = Math.min(QUERY_BLOCK, t - q0);
            long base = (long) p * t * dh;
            MemorySegment scores = CachingAllocator.global().allocate((long) rows * t * 4);
            try {
                GemmKernels.sgemm(false, true, rows, t, dh, (float) scale, q, base + (long) q0 * dh, dh, k, base, dh,
                        0f, scores, 0, t);
                for (int r = 0; r < rows; r++) {
                    maskedSoftmaxRow(scores, (long) r * t, t, keepKeys, (long) (p / heads) * t);
                }
                GemmKernels.sgemm(false, false, rows, dh, t, 1f, scores, 0, t, v, base, dh, 0f, out,
                        base + (long) q0 * dh, dh);
            } finally {
                CachingAllocator.global().release(scores);
            }
        });
    }

    /**
     * The gradients of O = softmax(Q Kᵀ · scale, masked) V for the incoming gradient G = ∂L/∂O,
     * given the forward's output O. With P the attention weights of a block of queries:
     *
     * <pre>
     *   ∂V = Pᵀ G        ∂P = G Vᵀ        ∂S = P ⊙ (∂P − δ),  δ_i = Σ_j ∂P_ij P_ij = G_i · O_i
     *   ∂Q = ∂S K · scale                 ∂K = ∂Sᵀ Q · scale
     * </pre>
     *
     * One task per (batch, head) pair walks its query blocks in order and accumulates ∂K and ∂V over
     * them, so the bits do not depend on the thread count. Dropped keys have P = 0, hence ∂S = 0.
     *
     * @param out the forward's output O
     * @param gradOut G, the same layout
     * @param gradQ receives ∂Q
     * @param gradK receives ∂K
     * @param gradV receives ∂V
     */
    public static void backward(DType dtype, int batches, int heads, int t, int dh, double scale,
                                MemorySegment q, MemorySegment k, MemorySegment v, MemorySegment keepKeys,
                                MemorySegment out, MemorySegment gradOut,
                                MemorySegment gradQ, MemorySegment gradK, MemorySegment gradV) {
        if (!dtype.isFloatingPoint() || batches < 0 || heads < 1 || batches % heads != 0 || t < 0 || dh < 1) {
            throw new IllegalArgumentException("attention backward: need F32/F64 and batches a multiple of heads; got "
                    + dtype + ", batches=" + batches + ", heads=" + heads + ", T=" + t + ", dh=" + dh);
        }
        if (dtype == DType.F64 || !VectorSupport.enabled()) {
            Parallel.forEach(batches, p -> plainLoopsBackward(dtype, p, heads, t, dh, scale, q, k, v, keepKeys, out,
                    gradOut, gradQ, gradK, gradV));
            return;
        }
        Parallel.forEach(batches, p -> {
            long base = (long) p * t * dh;
            long maskRow = (long) (p / heads) * t;
            int rowsMax = Math.min(QUERY_BLOCK, t);
            MemorySegment weights = CachingAllocator.global().allocate((long) rowsMax * t * 4);
            MemorySegment gradScores = CachingAllocator.global().allocate((long) rowsMax * t * 4);
            try {
                for (int q0 = 0; q0 < t; q0 += QUERY_BLOCK) {
                    int rows = Math.min(QUERY_BLOCK, t - q0);
                    long blockRow = base + (long) q0 * dh;
                    float accumulate = q0 == 0 ? 0f : 1f;
                    GemmKernels.sgemm(false, true, rows, t, dh, (float) scale, q, blockRow, dh, k, base, dh,
                            0f, weights, 0, t);
                    for (int r = 0; r < rows; r++) {
                        maskedSoftmaxRow(weights, (long) r * t, t, keepKeys, maskRow);
                    }
                    // ∂V += Pᵀ G
                    GemmKernels.sgemm(true, false, t, dh, rows, 1f, weights, 0, t, gradOut, blockRow, dh,
                            accumulate, gradV, base, dh);
                    // ∂P = G Vᵀ
                    GemmKernels.sgemm(false, true, rows, t, dh, 1f, gradOut, blockRow, dh, v, base, dh,
                            0f, gradScores, 0, t);
                    for (int r = 0; r < rows; r++) {
                        float delta = dot(gradOut, out, blockRow + (long) r * dh, dh);
                        softmaxGradientRow(weights, gradScores, (long) r * t, t, delta);
                    }
                    // ∂Q = ∂S K · scale
                    GemmKernels.sgemm(false, false, rows, dh, t, (float) scale, gradScores, 0, t, k, base, dh,
                            0f, gradQ, blockRow, dh);
                    // ∂K += ∂Sᵀ Q · scale
                    GemmKernels.sgemm(true, false, t, dh, rows, (float) scale, gradScores, 0, t, q, blockRow, dh,
                            accumulate, gradK, base, dh);
                }
            } finally {
                CachingAllocator.global().release(gradScores);
                CachingAllocator.global().release(weights);
            }
        });
    }

    /** Σ_c a[i + c] b[i + c] over one row of {@code n} floats starting at element {@code i}. */
    private static float dot(MemorySegment a, MemorySegment b, long i, int n) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int upper = S.loopBound(n); c < upper; c += S.length()) {
            acc = FloatVector.fromMemorySegment(S, a, (i + c) * 4, ORDER)
                    .fma(FloatVector.fromMemorySegment(S, b, (i + c) * 4, ORDER), acc);
        }
        float sum = VectorMath.sumLanes(acc);
        for (; c < n; c++) {
            sum += a.getAtIndex(Elements.F32, i + c) * b.getAtIndex(Elements.F32, i + c);
        }
        return sum;
    }

    /** ∂S = P ⊙ (∂P − δ) over one row, written over ∂P. */
    private static void softmaxGradientRow(MemorySegment p, MemorySegment gradP, long row, int t, float delta) {
        int j = 0;
        for (int upper = S.loopBound(t); j < upper; j += S.length()) {
            long at = (row + j) * 4;
            FloatVector dp = FloatVector.fromMemorySegment(S, gradP, at, ORDER);
            FloatVector.fromMemorySegment(S, p, at, ORDER).mul(dp.sub(delta)).intoMemorySegment(gradP, at, ORDER);
        }
        for (; j < t; j++) {
            float pj = p.getAtIndex(Elements.F32, row + j);
            gradP.setAtIndex(Elements.F32, row + j, pj * (gradP.getAtIndex(Elements.F32, row + j) - delta));
        }
    }

    private static void maskedSoftmaxRow(MemorySegment buf, long row, int t, MemorySegment keep, long maskRow) {
        if (keep != null) {
            for (int j = 0; j < t; j++) {
                if (keep.get(Elements.BYTE, maskRow + j) == 0) {
                    buf.setAtIndex(Elements.F32, row + j, Float.NEGATIVE_INFINITY);
                }
            }
        }
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int upper = S.loopBound(t); j < upper; j += S.length()) {
            vmax = vmax.max(FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < t; j++) {
            max = Math.max(max, buf.getAtIndex(Elements.F32, row + j));
        }
        if (max == Float.NEGATIVE_INFINITY) {
            buf.asSlice(row * 4, (long) t * 4).fill((byte) 0);
            return;
        }
        FloatVector vsum = FloatVector.zero(S);
        j = 0;
        for (int upper = S.loopBound(t); j < upper; j += S.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER).sub(max));
            e.intoMemorySegment(buf, (row + j) * 4, ORDER);
            vsum = vsum.add(e);
        }
        if (j < t) {
            VectorMask<Float> m = S.indexInRange(j, t);
            FloatVector e = VectorMath.exp(FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER, m).sub(max));
            e.intoMemorySegment(buf, (row + j) * 4, ORDER, m);
            vsum = vsum.add(e, m);
        }
        float inv = 1f / VectorMath.sumLanes(vsum);
        j = 0;
        for (int upper = S.loopBound(t); j < upper; j += S.length()) {
            FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER).mul(inv).intoMemorySegment(buf, (row + j) * 4, ORDER);
        }
        if (j < t) {
            VectorMask<Float> m = S.indexInRange(j, t);
            FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER, m).mul(inv).intoMemorySegment(buf, (row + j) * 4, ORDER, m);
        }
    }

    /**
     * The attention weights of query i in double: w_j = softmax_j(s Q_i·K_j) over the kept keys,
     * 0 for dropped ones and for every key when all are dropped.
     */
    private static void plainWeights(DType dt, long base, long maskRow, int i, int t, int dh, double scale,
                                     MemorySegment q, MemorySegment k, MemorySegment keep, double[] w) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
            if (keep != null && keep.get(Elements.BYTE, maskRow + j) == 0) {
                w[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double dot = 0;
            for (int c = 0; c < dh; c++) {
                dot += Elements.readDouble(q, dt, base + (long) i * dh + c) * Elements.readDouble(k, dt, base + (long) j * dh + c);
            }
            w[j] = dot * scale;
            max = Math.max(max, w[j]);
        }
        double sum = 0;
        for (int j = 0; j < t; j++) {
            w[j] = max == Double.NEGATIVE_INFINITY ? 0 : VectorMath64.exp(w[j] - max);
            sum += w[j];
        }
        for (int j = 0; j < t; j++) {
            w[j] = sum == 0 ? 0 : w[j] / sum;
        }
    }

    private static void plainLoops(DType dt, int p, int heads, int t, int dh, double scale, MemorySegment q,
                                   MemorySegment k, MemorySegment v, MemorySegment keep, MemorySegment out) {
        long base = (long) p * t * dh;
        long maskRow = (long) (p / heads) * t;
        double[] w = new double[t];
        for (int i = 0; i < t; i++) {
            plainWeights(dt, base, maskRow, i, t, dh, scale, q, k, keep, w);
            for (int c = 0; c < dh; c++) {
                double acc = 0;
                for (int j = 0; j < t; j++) {
                    acc += w[j] * Elements.readDouble(v, dt, base + (long) j * dh + c);
                }
                Elements.writeDouble(out, dt, base + (long) i * dh + c, acc);
            }
        }
    }

    private static void plainLoopsBackward(DType dt, int p, int heads, int t, int dh, double scale, MemorySegment q,
                                           MemorySegment k, MemorySegment v, MemorySegment keep, MemorySegment out,
                                           MemorySegment gradOut, MemorySegment gradQ, MemorySegment gradK,
                                           MemorySegment gradV) {
        long base = (long) p * t * dh;
        long maskRow = (long) (p / heads) * t;
        double[] w = new double[t];
        double[] dk = new double[t * dh];
        double[] dv = new double[t * dh];
        for (int i = 0; i < t; i++) {
            long qi = base + (long) i * dh;
            plainWeights(dt, base, maskRow, i, t, dh, scale, q, k, keep, w);
            // δ_i = G_i · O_i
            double delta = 0;
            for (int c = 0; c < dh; c++) {
                delta += Elements.readDouble(gradOut, dt, qi + c) * Elements.readDouble(out, dt, qi + c);
            }
            double[] dq = new double[dh];
            for (int j = 0; j < t; j++) {
                double pij = w[j];
                long kj = base + (long) j * dh;
                // ∂P_ij = G_i · V_j, ∂S_ij = P_ij (∂P_ij − δ_i)
                double dp = 0;
                for (int c = 0; c < dh; c++) {
                    double g = Elements.readDouble(gradOut, dt, qi + c);
                    dp += g * Elements.readDouble(v, dt, kj + c);
                    dv[j * dh + c] += pij * g;
                }
                double ds = pij * (dp - delta) * scale;
                for (int c = 0; c < dh; c++) {
                    dq[c] += ds * Elements.readDouble(k, dt, kj + c);
                    dk[j * dh + c] += ds * Elements.readDouble(q, dt, qi + c);
                }
            }
            for (int c = 0; c < dh; c++) {
                Elements.writeDouble(gradQ, dt, qi + c, dq[c]);
            }
        }
        for (int e = 0; e < t * dh; e++) {
            Elements.writeDouble(gradK, dt, base + e, dk[e]);
            Elements.writeDouble(gradV, dt, base + e, dv[e]);
        }
    }
}
