package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * InfoNCE (van den Oord et al. 2018; NT-Xent of SimCLR, Chen et al. 2020) over anchors A [n, d] and
 * candidates B [m, d], loss and gradients in one fused pass:
 *
 * <pre>
 *   s_ij = a_i · b_j / τ
 *   ℓ_i  = log Σ_j μ_ij e^{s_ij} − s_{i,p(i)}         μ_ip = 1 (the positive p(i) always counts),
 *                                                     μ_ii = 0 when excludeSelf (unless i = p(i)),
 *                                                     μ_ij = pairWeight_ij otherwise (1 without weights)
 *   L    = Σ_i w_i ℓ_i
 *   ∂L/∂s_ij = w_i (π_ij − [j = p(i)]),  π_ij = μ_ij e^{s_ij} / Σ_k μ_ik e^{s_ik}
 *   ∂L/∂A = (1/τ) (∂L/∂S) B,   ∂L/∂B = (1/τ) (∂L/∂S)ᵀ A
 * </pre>
 *
 * The F32 path never holds the n×m similarity matrix: it walks blocks of {@link #ROW_BLOCK} anchors,
 * and for each block computes S (one GEMM), the row statistics and ∂L/∂S in place (vector exp), then
 * ∂L/∂A of the block (second GEMM) and adds the block's share of ∂L/∂B into a partial sum (third
 * GEMM). The blocks are grouped into a fixed number of chunks that depends only on n, each chunk owns
 * one ∂L/∂B partial, and the partials are added in chunk order: the bits do not depend on the thread
 * count. So forward and backward together cost three GEMMs, the same as the unfused composition,
 * without ever writing the n×m logits, probabilities and their gradient to memory. F64 runs plain
 * loops (it serves gradient checks). All buffers are contiguous, row-major, from offset 0.
 */
public final class InfoNceKernels {
    /** Anchors per block: the S block is ROW_BLOCK × m floats. */
    static final int ROW_BLOCK = 128;
    /** Most chunks (and so ∂L/∂B partials) the anchors are cut into. */
    static final int MAX_CHUNKS = 8;

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private InfoNceKernels() {}

    /**
     * Per-anchor losses ℓ_i and, when {@code gradAnchors} and {@code gradCandidates} are given, the
     * gradients of L = Σ_i w_i ℓ_i.
     *
     * @param dtype          F32 or F64, the type of every float buffer
     * @param positives      p(i) for every anchor, in [0, m)
     * @param pairWeights    μ [n, m] for the non-positive pairs, or null for all ones
     * @param anchorWeights  w [n], or null for all ones (only used for gradients)
     * @param losses         out: ℓ [n]
     * @param gradAnchors    out: ∂L/∂A [n, d], or null to skip the backward
     * @param gradCandidates out: ∂L/∂B [m, d], or null to skip the backward
     */
    public static void lossAndGradients(DType dtype, int n, int m, int d, double temperature, boolean excludeSelf,
                                        MemorySegment anchors, MemorySegment candidates, long[] positives,
                                        MemorySegment pairWeights, MemorySegment anchorWeights,
                                        MemorySegment losses, MemorySegment gradAnchors, MemorySegment gradCandidates) {
        check(dtype, n, m, d, temperature, positives, gradAnchors, gradCandidates);
        if (n == 0) {
            if (gradCandidates != null) {
                gradCandidates.asSlice(0, (long) m * d * dtype.byteSize()).fill((byte) 0);
            }
            return;
        }
        if (dtype == DType.F64 || !VectorSupport.enabled()) {
            plainLoops(dtype, n, m, d, temperature, excludeSelf, anchors, candidates, positives, pairWeights,
                    anchorWeights, losses, gradAnchors, gradCandidates);
        } else {
            fusedF32(n, m, d, (float) temperature, excludeSelf, anchors, candidates, positives, pairWeights,
                    anchorWeights, losses, gradAnchors, gradCandidates);
        }
    }

    private static void check(DType dtype, int n, int m, int d, double temperature, long[] positives,
                              MemorySegment gradAnchors, MemorySegment gradCandidates) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("infoNce: dtype must be F32 or F64, got " + dtype);
        }
        if (n < 0 || m <= 0 || d <= 0 || !(temperature > 0)) {
            throw new IllegalArgumentException("infoNce: need n >= 0, m > 0, d > 0 and temperature > 0; got n=" + n
                    + ", m=" + m + ", d=" + d + ", temperature=" + temperature);
        }
        if (positives.length != n) {
            throw new IllegalArgumentException("infoNce: " + positives.length + " positives for " + n + " anchors");
        }
        for (int i = 0; i < n; i++) {
            if (positives[i] < 0 || positives[i] >= m) {
                throw new IndexOutOfBoundsException("infoNce: positive " + positives[i] + " of anchor " + i
                        + " is not a candidate index in [0, " + m + ")");
            }
        }
        if ((gradAnchors == null) != (gradCandidates == null)) {
            throw new IllegalArgumentException("infoNce: give both gradient buffers or neither");
        }
    }

    // ---------------------------------------------------------------- F32, fused

    private static void fusedF32(int n, int m, int d, float tau, boolean excludeSelf, MemorySegment a, MemorySegment b,
                                 long[] positives, MemorySegment pairWeights, MemorySegment anchorWeights,
                                 MemorySegment losses, MemorySegment gradA, MemorySegment gradB) {
        boolean backward = gradA != null;
        int blocks = Parallel.chunks(n, ROW_BLOCK);
        int chunks = backward ? Math.min(MAX_CHUNKS, blocks) : blocks;
        long partialFloats = (long) m * d;
        CachingAllocator alloc = CachingAllocator.global();
        MemorySegment partials = backward && chunks > 1 ? alloc.allocate(chunks * partialFloats * 4) : null;
        try {
            Parallel.forEach(chunks, c -> {
                int firstBlock = (int) ((long) c * blocks / chunks);
                int endBlock = (int) ((long) (c + 1) * blocks / chunks);
                MemorySegment dB = !backward ? null : partials == null ? gradB : partials.asSlice(c * partialFloats * 4, partialFloats * 4);
                MemorySegment block = alloc.allocate((long) ROW_BLOCK * m * 4);
                try {
                    for (int blk = firstBlock; blk < endBlock; blk++) {
                        int i0 = blk * ROW_BLOCK;
                        int rows = Math.min(ROW_BLOCK, n - i0);
                        // S = A_blk · Bᵀ / τ
                        GemmKernels.sgemm(false, true, rows, m, d, 1f / tau, a, (long) i0 * d, d, b, 0, d, 0f, block, 0, m);
                        for (int r = 0; r < rows; r++) {
                            rowLossAndGradient(i0 + r, m, tau, excludeSelf, block, (long) r * m, positives,
                                    pairWeights, anchorWeights, losses, backward);
                        }
                        if (backward) {
                            // ∂L/∂A_blk = (∂L/∂S) · B ; ∂L/∂B += (∂L/∂S)ᵀ · A_blk   (the 1/τ is folded into ∂L/∂S)
                            GemmKernels.sgemm(false, false, rows, d, m, 1f, block, 0, m, b, 0, d, 0f, gradA, (long) i0 * d, d);
                            GemmKernels.sgemm(true, false, m, d, rows, 1f, block, 0, m, a, (long) i0 * d, d,
                                    blk == firstBlock ? 0f : 1f, dB, 0, d);
                        }
                    }
                } finally {
                    alloc.release(block);
                }
            });
            if (partials != null) {
                sumPartials(partials, chunks, partialFloats, gradB);
            }
        } finally {
            if (partials != null) {
                alloc.release(partials);
            }
        }
    }

    /**
     * One anchor: reads its row s of S, writes ℓ_i, and (backward) replaces the row by
     * ∂L/∂s_i · (1/τ) = (w_i/τ)(π_i − e_p).
     */
    private static void rowLossAndGradient(int i, int m, float tau, boolean excludeSelf, MemorySegment buf, long row,
                                           long[] positives, MemorySegment pairWeights, MemorySegment anchorWeights,
                                           MemorySegment losses, boolean backward) {
        int p = (int) positives[i];
        float sPos = buf.getAtIndex(Elements.F32, row + p);
        if (excludeSelf && i < m && i != p) {
            buf.setAtIndex(Elements.F32, row + i, Float.NEGATIVE_INFINITY);
        }
        // The shift is the largest logit among the pairs that count (μ > 0, and the positive), so the
        // sum cannot underflow to 0 because of a masked pair with a much larger logit.
        long weights = (long) i * m;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (int upper = S.loopBound(m); j < upper; j += S.length()) {
            FloatVector s = FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER);
            if (pairWeights != null) {
                s = s.blend(Float.NEGATIVE_INFINITY, FloatVector.fromMemorySegment(S, pairWeights, (weights + j) * 4, ORDER)
                        .compare(VectorOperators.LE, 0f));
            }
            vmax = vmax.max(s);
        }
        float max = Math.max(sPos, vmax.reduceLanes(VectorOperators.MAX));
        for (; j < m; j++) {
            if (pairWeights == null || pairWeights.getAtIndex(Elements.F32, weights + j) > 0) {
                max = Math.max(max, buf.getAtIndex(Elements.F32, row + j));
            }
        }
        // e_j = μ_ij · exp(s_ij − max), stored in place; the positive's weight is then set back to 1.
        FloatVector vsum = FloatVector.zero(S);
        j = 0;
        for (int upper = S.loopBound(m); j < upper; j += S.length()) {
            FloatVector s = FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER);
            FloatVector e;
            if (pairWeights != null) {
                FloatVector mu = FloatVector.fromMemorySegment(S, pairWeights, (weights + j) * 4, ORDER);
                e = VectorMath.exp(s.blend(Float.NEGATIVE_INFINITY, mu.compare(VectorOperators.LE, 0f)).sub(max))
                        .mul(mu.max(0f));
            } else {
                e = VectorMath.exp(s.sub(max));
            }
            e.intoMemorySegment(buf, (row + j) * 4, ORDER);
            vsum = vsum.add(e);
        }
        if (j < m) {
            VectorMask<Float> mask = S.indexInRange(j, m);
            FloatVector s = FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER, mask);
            FloatVector e;
            if (pairWeights != null) {
                FloatVector mu = FloatVector.fromMemorySegment(S, pairWeights, (weights + j) * 4, ORDER, mask);
                e = VectorMath.exp(s.blend(Float.NEGATIVE_INFINITY, mu.compare(VectorOperators.LE, 0f)).sub(max))
                        .mul(mu.max(0f));
            } else {
                e = VectorMath.exp(s.sub(max));
            }
            e.intoMemorySegment(buf, (row + j) * 4, ORDER, mask);
            vsum = vsum.add(e, mask);
        }
        double sum = VectorMath.sumLanes(vsum);
        float ePos = VectorMath.exp(sPos - max);
        if (pairWeights != null) {
            sum += ePos - buf.getAtIndex(Elements.F32, row + p);
            buf.setAtIndex(Elements.F32, row + p, ePos);
        }
        double lse = max + VectorMath64.log(sum);
        losses.setAtIndex(Elements.F32, i, (float) (lse - sPos));
        if (!backward) {
            return;
        }
        float w = anchorWeights == null ? 1f : anchorWeights.getAtIndex(Elements.F32, i);
        float scale = (float) (w / (tau * sum));
        j = 0;
        for (int upper = S.loopBound(m); j < upper; j += S.length()) {
            FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER).mul(scale).intoMemorySegment(buf, (row + j) * 4, ORDER);
        }
        if (j < m) {
            VectorMask<Float> mask = S.indexInRange(j, m);
            FloatVector.fromMemorySegment(S, buf, (row + j) * 4, ORDER, mask).mul(scale).intoMemorySegment(buf, (row + j) * 4, ORDER, mask);
        }
        buf.setAtIndex(Elements.F32, row + p, buf.getAtIndex(Elements.F32, row + p) - w / tau);
    }

    /** out = Σ_c partial_c, added in chunk order, element ranges spread over the threads. */
    private static void sumPartials(MemorySegment partials, int chunks, long floats, MemorySegment out) {
        long grain = 1L << 16;
        Parallel.forEach(Parallel.chunks(floats, grain), t -> {
            long from = t * grain;
            long to = Math.min(floats, from + grain);
            long j = from;
            for (long upper = from + S.loopBound(to - from); j < upper; j += S.length()) {
                FloatVector acc = FloatVector.fromMemorySegment(S, partials, j * 4, ORDER);
                for (int c = 1; c < chunks; c++) {
                    acc = acc.add(FloatVector.fromMemorySegment(S, partials, (c * floats + j) * 4, ORDER));
                }
                acc.intoMemorySegment(out, j * 4, ORDER);
            }
            for (; j < to; j++) {
                float acc = partials.getAtIndex(Elements.F32, j);
                for (int c = 1; c < chunks; c++) {
                    acc += partials.getAtIndex(Elements.F32, c * floats + j);
                }
                out.setAtIndex(Elements.F32, j, acc);
            }
        });
    }

    // ---------------------------------------------------------------- F64 (and F32 without the Vector API), plain loops

    private static void plainLoops(DType t, int n, int m, int d, double tau, boolean excludeSelf, MemorySegment a,
                                   MemorySegment b, long[] positives, MemorySegment pairWeights,
                                   MemorySegment anchorWeights, MemorySegment losses, MemorySegment gradA,
                                   MemorySegment gradB) {
        boolean backward = gradA != null;
        double[] gB = backward ? new double[m * d] : null;
        double[] s = new double[m];
        for (int i = 0; i < n; i++) {
            int p = (int) positives[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += Elements.readDouble(a, t, (long) i * d + k) * Elements.readDouble(b, t, (long) j * d + k);
                }
                s[j] = dot / tau;
                boolean counts = j == p || !(excludeSelf && j == i)
                        && (pairWeights == null || Elements.readDouble(pairWeights, t, (long) i * m + j) > 0);
                if (counts) {
                    max = Math.max(max, s[j]);
                }
            }
            double sum = 0;
            double[] e = new double[m];
            for (int j = 0; j < m; j++) {
                double mu = j == p ? 1 : excludeSelf && j == i ? 0
                        : pairWeights == null ? 1 : Elements.readDouble(pairWeights, t, (long) i * m + j);
                e[j] = mu == 0 ? 0 : mu * VectorMath64.exp(s[j] - max);
                sum += e[j];
            }
            Elements.writeDouble(losses, t, i, max + VectorMath64.log(sum) - s[p]);
            if (!backward) {
                continue;
            }
            double w = anchorWeights == null ? 1 : Elements.readDouble(anchorWeights, t, i);
            for (int k = 0; k < d; k++) {
                double acc = 0;
                for (int j = 0; j < m; j++) {
                    double ds = w * (e[j] / sum - (j == p ? 1 : 0)) / tau;
                    acc += ds * Elements.readDouble(b, t, (long) j * d + k);
                    gB[j * d + k] += ds * Elements.readDouble(a, t, (long) i * d + k);
                }
                Elements.writeDouble(gradA, t, (long) i * d + k, acc);
            }
        }
        if (backward) {
            for (int x = 0; x < m * d; x++) {
                Elements.writeDouble(gradB, t, x, gB[x]);
            }
        }
    }
}
