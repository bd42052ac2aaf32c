package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimiser updates: one pass over θ, the gradient and the optimiser state instead of the
 * five to eight passes (and temporaries) of the same update written with tensor ops. F32 runs on
 * the Vector API with the operations of {@link OptimizerReference} in the same order (IEEE lane
 * operations, no fused multiply-add), so both give the same bits; F64 runs the reference loop. Work
 * is cut into fixed chunks, which being elementwise cannot change any result.
 */
public final class OptimizerKernels {
    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long GRAIN = 1 << 15;

    private OptimizerKernels() {}

    /** In-place SGD update of n contiguous elements; {@code buffer} may be null when momentum is 0. */
    public static void sgd(DType dtype, long n, MemorySegment theta, MemorySegment grad, MemorySegment buffer,
                           OptimizerStep.Sgd s) {
        chunked(dtype, n, (from, count) -> {
            MemorySegment t = slice(theta, dtype, from, count);
            MemorySegment g = slice(grad, dtype, from, count);
            MemorySegment b = buffer == null ? null : slice(buffer, dtype, from, count);
            if (dtype == DType.F32 && VectorSupport.enabled()) {
                sgdF32(count, t, g, b, s);
            } else {
                OptimizerReference.sgd(dtype, count, t, g, b, s);
            }
        });
    }

    /** In-place Adam/AdamW update of n contiguous elements. */
    public static void adam(DType dtype, long n, MemorySegment theta, MemorySegment grad, MemorySegment m,
                            MemorySegment v, OptimizerStep.Adam s) {
        chunked(dtype, n, (from, count) -> {
            MemorySegment t = slice(theta, dtype, from, count);
            MemorySegment g = slice(grad, dtype, from, count);
            MemorySegment mm = slice(m, dtype, from, count);
            MemorySegment vv = slice(v, dtype, from, count);
            if (dtype == DType.F32 && VectorSupport.enabled()) {
                adamF32(count, t, g, mm, vv, s);
            } else {
                OptimizerReference.adam(dtype, count, t, g, mm, vv, s);
            }
        });
    }

    private interface Chunk {
        void run(long from, long count);
    }

    private static void chunked(DType dtype, long n, Chunk chunk) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("optimizer kernel: dtype " + dtype + " is not floating-point");
        }
        Parallel.forEach(Parallel.chunks(n, GRAIN), c -> {
            long from = c * GRAIN;
            chunk.run(from, Math.min(GRAIN, n - from));
        });
    }

    private static MemorySegment slice(MemorySegment s, DType dtype, long from, long count) {
        return s.asSlice(from * dtype.byteSize(), count * dtype.byteSize());
    }

    private static FloatVector load(MemorySegment s, long i, VectorMask<Float> m) {
        return m == null ? FloatVector.fromMemorySegment(S, s, i * 4, ORDER) : FloatVector.fromMemorySegment(S, s, i * 4, ORDER, m);
    }

    private static void store(FloatVector v, MemorySegment s, long i, VectorMask<Float> m) {
        if (m == null) {
            v.intoMemorySegment(s, i * 4, ORDER);
        } else {
            v.intoMemorySegment(s, i * 4, ORDER, m);
        }
    }

    private static void sgdF32(long n, MemorySegment theta, MemorySegment grad, MemorySegment buffer, OptimizerStep.Sgd s) {
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            sgdF32(i, null, theta, grad, buffer, s);
        }
        if (i < n) {
            sgdF32(i, S.indexInRange(i, n), theta, grad, buffer, s);
        }
    }

    // d = g + wd·θ; b = first ? d : μ·b + (1 − τ)·d; d = nesterov ? d + μ·b : b; θ = θ − lr·d
    private static void sgdF32(long i, VectorMask<Float> m, MemorySegment theta, MemorySegment grad, MemorySegment buffer,
                               OptimizerStep.Sgd s) {
        FloatVector t = load(theta, i, m);
        FloatVector d = load(grad, i, m);
        if (s.weightDecay() != 0) {
            d = d.add(t.mul((float) s.weightDecay()));
        }
        if (s.momentum() != 0) {
            float mu = (float) s.momentum();
            FloatVector b = s.firstStep() ? d : load(buffer, i, m).mul(mu).add(d.mul((float) (1 - s.dampening())));
            store(b, buffer, i, m);
            d = s.nesterov() ? d.add(b.mul(mu)) : b;
        }
        store(t.sub(d.mul((float) s.lr())), theta, i, m);
    }

    private static void adamF32(long n, MemorySegment theta, MemorySegment grad, MemorySegment mSeg, MemorySegment vSeg,
                                OptimizerStep.Adam s) {
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(s.beta2(), s.step()));
        float stepSize = (float) (s.lr() / (1 - Math.pow(s.beta1(), s.step())));
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            adamF32(i, null, theta, grad, mSeg, vSeg, s, bc2Sqrt, stepSize);
        }
        if (i < n) {
            adamF32(i, S.indexInRange(i, n), theta, grad, mSeg, vSeg, s, bc2Sqrt, stepSize);
        }
    }

    // m = β₁m + (1 − β₁)g; v = β₂v + g²(1 − β₂); θ = θ − m/(√v/√bc₂ + ε) · lr/bc₁ (weight decay as in OptimizerStep.Adam)
    private static void adamF32(long i, VectorMask<Float> mask, MemorySegment theta, MemorySegment grad, MemorySegment mSeg,
                                MemorySegment vSeg, OptimizerStep.Adam s, float bc2Sqrt, float stepSize) {
        FloatVector t = load(theta, i, mask);
        FloatVector g = load(grad, i, mask);
        if (s.weightDecay() != 0) {
            if (s.decoupled()) {
                t = t.mul((float) (1 - s.lr() * s.weightDecay()));
            } else {
                g = g.add(t.mul((float) s.weightDecay()));
            }
        }
        FloatVector m = load(mSeg, i, mask).mul((float) s.beta1()).add(g.mul((float) (1 - s.beta1())));
        FloatVector v = load(vSeg, i, mask).mul((float) s.beta2()).add(g.mul(g).mul((float) (1 - s.beta2())));
        store(m, mSeg, i, mask);
        store(v, vSeg, i, mask);
        FloatVector denominator = v.sqrt().div(bc2Sqrt).add((float) s.eps());
        store(t.sub(m.div(denominator).mul(stepSize)), theta, i, mask);
    }
}
