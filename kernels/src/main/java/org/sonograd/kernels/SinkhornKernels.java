package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sinkhorn–Knopp balanced assignment (Cuturi 2013; as used by SwAV, Caron et al. 2020, and
 * DISCOVR), for scores S [B, K] of B samples against K prototypes:
 *
 * <pre>
 *   Q = exp(S/ε)ᵀ / Σ exp(S/ε)                                   (K × B)
 *   repeat T times:  rows of Q (prototypes) ← 1/K,  columns of Q (samples) ← 1/B
 *   return B · Qᵀ                                                (B × K, every row sums to 1)
 * </pre>
 *
 * Q is never renormalised as a whole: it is kept as diag(u) E diag(v) with the kernel
 * E_bk = exp((S_bk − max_k S_bk)/ε), so every row of E lies in (0, 1] with its maximum at 1 and
 * nothing overflows whatever the scores; the row maxima go into u in the log domain (u_b ∝
 * exp((max_k S_bk − max S)/ε)), and v is re-centred to a maximum of 1 at every step (a common scale
 * of u or v cancels in the next normalisation). The exponentials are taken once; an entry more than
 * ~87 (F32) or ~708 (F64) nats below its row's maximum underflows to 0 and gets no mass. A prototype
 * whose whole column underflows keeps zero mass instead of producing NaN.
 *
 * <p>One iteration is one sweep over E: for every sample row b, r_b = Σ_k E_bk v_k gives
 * u_b = 1/r_b (the sample normalisation) and, while the row is in cache, the row's share u_b E_bk of
 * the next prototype sums is added to its chunk's partial. The rows are cut into a fixed number of
 * chunks that depends only on B and the partials are added in chunk order, so the bits do not depend
 * on the thread count. E is stored in the output buffer, and the last sweep overwrites it with
 * E_bk v_k / r_b. F64 runs the same algorithm with plain loops.
 */
public final class SinkhornKernels {
    /** Sample rows per chunk (one partial vector of prototype sums per chunk). */
    static final int CHUNK_ROWS = 256;

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SinkhornKernels() {}

    /**
     * Balanced assignments of {@code b} samples to {@code k} prototypes.
     *
     * @param dtype       F32 or F64, of both buffers
     * @param scores      S [b, k], contiguous
     * @param epsilon     ε > 0, the entropic temperature
     * @param iterations  T ≥ 1 alternating normalisations
     * @param assignments out: [b, k], rows sum to 1 (may not alias {@code scores})
     */
    public static void assign(DType dtype, int b, int k, double epsilon, int iterations,
                              MemorySegment scores, MemorySegment assignments) {
        if (!dtype.isFloatingPoint() || b <= 0 || k <= 0 || !(epsilon > 0) || iterations < 1) {
            throw new IllegalArgumentException("sinkhorn: need F32/F64, B > 0, K > 0, epsilon > 0, iterations >= 1; got "
                    + dtype + ", B=" + b + ", K=" + k + ", epsilon=" + epsilon + ", iterations=" + iterations);
        }
        if (dtype == DType.F64 || !VectorSupport.enabled()) {
            plainLoops(dtype, b, k, epsilon, iterations, scores, assignments);
        } else {
            fusedF32(b, k, (float) epsilon, iterations, scores, assignments);
        }
    }

    // ---------------------------------------------------------------- F32, one sweep per iteration

    private static void fusedF32(int b, int k, float eps, int iterations, MemorySegment scores, MemorySegment e) {
        int chunks = Parallel.chunks(b, CHUNK_ROWS);
        float[][] partial = new float[chunks][k];
        float[] chunkMax = new float[chunks];
        float[] u = new float[b];
        float invEps = 1f / eps;
        // Sweep 0: E = exp((S − rowmax)/ε), row maxima into u (log domain), first prototype sums.
        Parallel.forEach(chunks, c -> {
            int from = c * CHUNK_ROWS;
            int to = Math.min(b, from + CHUNK_ROWS);
            float running = Float.NEGATIVE_INFINITY;
            float[] acc = partial[c];
            float[] rowMax = new float[to - from];
            for (int r = from; r < to; r++) {
                long row = (long) r * k;
                float max = rowMax(scores, row, k);
                rowMax[r - from] = max;
                expRow(scores, e, row, k, max, invEps);
                if (max > running) {
                    if (running != Float.NEGATIVE_INFINITY) {
                        scale(acc, VectorMath.exp((running - max) * invEps));
                    }
                    running = max;
                }
                axpyRow(VectorMath.exp((max - running) * invEps), e, row, acc, k);
            }
            chunkMax[c] = running;
        });
        float globalMax = Float.NEGATIVE_INFINITY;
        for (float m : chunkMax) {
            globalMax = Math.max(globalMax, m);
        }
        float[] colSum = new float[k];
        for (int c = 0; c < chunks; c++) {
            float w = VectorMath.exp((chunkMax[c] - globalMax) * invEps);
            float[] p = partial[c];
            for (int j = 0; j < k; j++) {
                colSum[j] += w * p[j];
            }
        }
        float[] v = new float[k];
        for (int it = 1; it <= iterations; it++) {
            prototypeScaling(colSum, v);
            boolean last = it == iterations;
            Parallel.forEach(chunks, c -> {
                int from = c * CHUNK_ROWS;
                int to = Math.min(b, from + CHUNK_ROWS);
                float[] acc = partial[c];
                java.util.Arrays.fill(acc, 0f);
                for (int r = from; r < to; r++) {
                    long row = (long) r * k;
                    float sum = dotRow(e, row, v, k);
                    u[r] = sum > 0 ? 1f / sum : 0f;
                    if (last) {
                        scaleRowBy(e, row, v, u[r], k);
                    } else {
                        axpyRow(u[r], e, row, acc, k);
                    }
                }
            });
            if (!last) {
                java.util.Arrays.fill(colSum, 0f);
                for (int c = 0; c < chunks; c++) {
                    float[] p = partial[c];
                    for (int j = 0; j < k; j++) {
                        colSum[j] += p[j];
                    }
                }
            }
        }
    }

    /** v_k = 1/colSum_k re-centred to max 1 (0 for an empty prototype). */
    private static void prototypeScaling(float[] colSum, float[] v) {
        float minPositive = Float.POSITIVE_INFINITY;
        for (float c : colSum) {
            if (c > 0) {
                minPositive = Math.min(minPositive, c);
            }
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = colSum[j] > 0 ? minPositive / colSum[j] : 0f;
        }
    }

    private static float rowMax(MemorySegment s, long row, int k) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            acc = acc.max(FloatVector.fromMemorySegment(S, s, (row + j) * 4, ORDER));
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; j < k; j++) {
            max = Math.max(max, s.getAtIndex(Elements.F32, row + j));
        }
        return max;
    }

    private static void expRow(MemorySegment s, MemorySegment e, long row, int k, float max, float invEps) {
        int j = 0;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            VectorMath.exp(FloatVector.fromMemorySegment(S, s, (row + j) * 4, ORDER).sub(max).mul(invEps))
                    .intoMemorySegment(e, (row + j) * 4, ORDER);
        }
        if (j < k) {
            VectorMask<Float> m = S.indexInRange(j, k);
            VectorMath.exp(FloatVector.fromMemorySegment(S, s, (row + j) * 4, ORDER, m).sub(max).mul(invEps))
                    .intoMemorySegment(e, (row + j) * 4, ORDER, m);
        }
    }

    /** acc += alpha · E[row, :]. */
    private static void axpyRow(float alpha, MemorySegment e, long row, float[] acc, int k) {
        int j = 0;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            FloatVector.fromMemorySegment(S, e, (row + j) * 4, ORDER)
                    .fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, acc, j)).intoArray(acc, j);
        }
        for (; j < k; j++) {
            acc[j] += alpha * e.getAtIndex(Elements.F32, row + j);
        }
    }

    private static float dotRow(MemorySegment e, long row, float[] v, int k) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            acc = FloatVector.fromMemorySegment(S, e, (row + j) * 4, ORDER).fma(FloatVector.fromArray(S, v, j), acc);
        }
        float sum = VectorMath.sumLanes(acc);
        for (; j < k; j++) {
            sum += e.getAtIndex(Elements.F32, row + j) * v[j];
        }
        return sum;
    }

    /** E[row, :] ← E[row, :] · v · alpha. */
    private static void scaleRowBy(MemorySegment e, long row, float[] v, float alpha, int k) {
        int j = 0;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            FloatVector.fromMemorySegment(S, e, (row + j) * 4, ORDER).mul(FloatVector.fromArray(S, v, j)).mul(alpha)
                    .intoMemorySegment(e, (row + j) * 4, ORDER);
        }
        for (; j < k; j++) {
            e.setAtIndex(Elements.F32, row + j, e.getAtIndex(Elements.F32, row + j) * v[j] * alpha);
        }
    }

    private static void scale(float[] acc, float alpha) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] *= alpha;
        }
    }

    // ---------------------------------------------------------------- F64 (and F32 without the Vector API)

    private static void plainLoops(DType t, int b, int k, double eps, int iterations, MemorySegment scores, MemorySegment out) {
        double[] e = new double[b * k];
        double[] logU = new double[b];
        double globalMax = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < b; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, Elements.readDouble(scores, t, (long) r * k + j));
            }
            for (int j = 0; j < k; j++) {
                e[r * k + j] = VectorMath64.exp((Elements.readDouble(scores, t, (long) r * k + j) - max) / eps);
            }
            logU[r] = max / eps;
            globalMax = Math.max(globalMax, max / eps);
        }
        double[] u = new double[b];
        for (int r = 0; r < b; r++) {
            u[r] = VectorMath64.exp(logU[r] - globalMax);
        }
        double[] v = new double[k];
        for (int it = 0; it < iterations; it++) {
            double minPositive = Double.POSITIVE_INFINITY;
            double[] colSum = new double[k];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < k; j++) {
                    colSum[j] += u[r] * e[r * k + j];
                }
            }
            for (double c : colSum) {
                if (c > 0) {
                    minPositive = Math.min(minPositive, c);
                }
            }
            for (int j = 0; j < k; j++) {
                v[j] = colSum[j] > 0 ? minPositive / colSum[j] : 0;
            }
            for (int r = 0; r < b; r++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += e[r * k + j] * v[j];
                }
                u[r] = sum > 0 ? 1 / sum : 0;
            }
        }
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < k; j++) {
                Elements.writeDouble(out, t, (long) r * k + j, e[r * k + j] * v[j] * u[r]);
            }
        }
    }
}
