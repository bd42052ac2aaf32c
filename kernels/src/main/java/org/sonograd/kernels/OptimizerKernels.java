package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
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

    private static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(S, s, i * 4, ORDER);
    }

    private static void store(FloatVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i * 4, ORDER);
    }

    /*
     * One loop per kind of step (no momentum, first momentum step, later steps), each over whole
     * vectors without masks, and the tail of fewer than one vector by the reference loop (the same
     * float operations, so the same bits; Adam likewise). A single loop that branched on the step's fields and on a
     * tail mask ran 2 to 6 times slower once both sides of a branch had been profiled (the first
     * momentum step, then the others; the masked tail of every parameter).
     */
    private static void sgdF32(long n, MemorySegment theta, MemorySegment grad, MemorySegment buffer, OptimizerStep.Sgd s) {
        long upper = S.loopBound(n);
        float wd = (float) s.weightDecay();
        float lr = (float) s.lr();
        float mu = (float) s.momentum();
        if (s.momentum() == 0) {
            sgdPlain(upper, theta, grad, wd, lr);
        } else if (s.firstStep()) {
            sgdFirstMomentum(upper, theta, grad, buffer, wd, mu, s.nesterov(), lr);
        } else {
            sgdMomentum(upper, theta, grad, buffer, wd, mu, (float) (1 - s.dampening()), s.nesterov(), lr);
        }
        if (upper < n) {
            OptimizerReference.sgd(DType.F32, n - upper, slice(theta, DType.F32, upper, n - upper),
                    slice(grad, DType.F32, upper, n - upper),
                    buffer == null ? null : slice(buffer, DType.F32, upper, n - upper), s);
        }
    }

    // d = g + wd·θ; θ = θ − lr·d
    private static void sgdPlain(long upper, MemorySegment theta, MemorySegment grad, float wd, float lr) {
        for (long i = 0; i < upper; i += S.length()) {
            FloatVector t = load(theta, i);
            FloatVector d = load(grad, i);
            if (wd != 0) {
                d = d.add(t.mul(wd));
            }
            store(t.sub(d.mul(lr)), theta, i);
        }
    }

    // d = g + wd·θ; b = d; d = nesterov ? d + μ·b : b; θ = θ − lr·d
    private static void sgdFirstMomentum(long upper, MemorySegment theta, MemorySegment grad, MemorySegment buffer, float wd,
                                         float mu, boolean nesterov, float lr) {
        for (long i = 0; i < upper; i += S.length()) {
            FloatVector t = load(theta, i);
            FloatVector d = load(grad, i);
            if (wd != 0) {
                d = d.add(t.mul(wd));
            }
            store(d, buffer, i);
            if (nesterov) {
                d = d.add(d.mul(mu));
            }
            store(t.sub(d.mul(lr)), theta, i);
        }
    }

    // d = g + wd·θ; b = μ·b + (1 − τ)·d; d = nesterov ? d + μ·b : b; θ = θ − lr·d
    private static void sgdMomentum(long upper, MemorySegment theta, MemorySegment grad, MemorySegment buffer, float wd,
                                    float mu, float keep, boolean nesterov, float lr) {
        for (long i = 0; i < upper; i += S.length()) {
            FloatVector t = load(theta, i);
            FloatVector d = load(grad, i);
            if (wd != 0) {
                d = d.add(t.mul(wd));
            }
            FloatVector b = load(buffer, i).mul(mu).add(d.mul(keep));
            store(b, buffer, i);
            d = nesterov ? d.add(b.mul(mu)) : b;
            store(t.sub(d.mul(lr)), theta, i);
        }
    }

    private static void adamF32(long n, MemorySegment theta, MemorySegment grad, MemorySegment mSeg, MemorySegment vSeg,
                                OptimizerStep.Adam s) {
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(s.beta2(), s.step()));
        float stepSize = (float) (s.lr() / (1 - Math.pow(s.beta1(), s.step())));
        long upper = S.loopBound(n);
        for (long i = 0; i < upper; i += S.length()) {
            adamF32(i, theta, grad, mSeg, vSeg, s, bc2Sqrt, stepSize);
        }
        if (upper < n) {
            OptimizerReference.adam(DType.F32, n - upper, slice(theta, DType.F32, upper, n - upper),
                    slice(grad, DType.F32, upper, n - upper), slice(mSeg, DType.F32, upper, n - upper),
                    slice(vSeg, DType.F32, upper, n - upper), s);
        }
    }

    // m = β₁m + (1 − β₁)g; v = β₂v + g²(1 − β₂); θ = θ − m/(√v/√bc₂ + ε) · lr/bc₁ (weight decay as in OptimizerStep.Adam)
    private static void adamF32(long i, MemorySegment theta, MemorySegment grad, MemorySegment mSeg,
                                MemorySegment vSeg, OptimizerStep.Adam s, float bc2Sqrt, float stepSize) {
        FloatVector t = load(theta, i);
        FloatVector g = load(grad, i);
        if (s.weightDecay() != 0) {
            if (s.decoupled()) {
                t = t.mul((float) (1 - s.lr() * s.weightDecay()));
            } else {
                g = g.add(t.mul((float) s.weightDecay()));
            }
        }
        FloatVector m = load(mSeg, i).mul((float) s.beta1()).add(g.mul((float) (1 - s.beta1())));
        FloatVector v = load(vSeg, i).mul((float) s.beta2()).add(g.mul(g).mul((float) (1 - s.beta2())));
        store(m, mSeg, i);
        store(v, vSeg, i);
        FloatVector denominator = v.sqrt().div(bc2Sqrt).add((float) s.eps());
        store(t.sub(m.div(denominator).mul(stepSize)), theta, i);
    }
}
