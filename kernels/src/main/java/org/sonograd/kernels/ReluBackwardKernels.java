package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward of ReLU in one pass: dx = x &gt; 0 ? dy : 0, over strided operands of one shape
 * (a stride of 0 broadcasts), F32 or F64. It replaces the composition compare → convert → multiply
 * (three passes and two temporaries). The gate may be the ReLU's input or its output: both are
 * positive at the same elements.
 *
 * <p>Selecting instead of multiplying by a 0/1 mask differs only where dy is infinite or NaN at a
 * gated-off element (the product gave NaN, the select gives +0) and in the sign of a zero (the
 * product gave −0 for a negative dy). Rows and tasks are cut as in {@link ElementwiseKernels}; the
 * result is exact, so every path and thread count gives the bits of {@link ReluBackwardReference}.
 */
public final class ReluBackwardKernels {
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final VectorSpecies<Double> D = VectorSupport.DOUBLES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ReluBackwardKernels() {}

    /** out = gate &gt; 0 ? grad : 0; out may alias grad when their strides are equal. */
    public static void apply(long[] shape, Operand grad, Operand gate, Operand out) {
        DType t = grad.dtype();
        if (!t.isFloatingPoint() || gate.dtype() != t || out.dtype() != t) {
            throw new IllegalArgumentException("reluBackward: grad, gate and out must share one float dtype, got "
                    + grad.dtype() + ", " + gate.dtype() + ", " + out.dtype());
        }
        StridedRows rows = new StridedRows(shape, grad, gate, out);
        long gs = rows.innerStride(0);
        long xs = rows.innerStride(1);
        long os = rows.innerStride(2);
        boolean vector = VectorSupport.enabled() && gs == 1 && xs == 1 && os == 1;
        MemorySegment gd = grad.data();
        MemorySegment xd = gate.data();
        MemorySegment od = out.data();
        rows.forEachParallel(ElementwiseKernels.GRAIN, (off, n) -> {
            if (vector && t == DType.F32) {
                rowF32(gd, off[0], xd, off[1], od, off[2], n);
            } else if (vector) {
                rowF64(gd, off[0], xd, off[1], od, off[2], n);
            } else {
                rowScalar(t, gd, off[0], gs, xd, off[1], xs, od, off[2], os, n);
            }
        });
    }

    // out[i] = x[i] > 0 ? g[i] : 0, unit strides
    private static void rowF32(MemorySegment g, long go, MemorySegment x, long xo, MemorySegment o, long oo, long n) {
        FloatVector zero = FloatVector.zero(F);
        long i = 0;
        for (long upper = F.loopBound(n); i < upper; i += F.length()) {
            VectorMask<Float> positive = FloatVector.fromMemorySegment(F, x, (xo + i) * 4, ORDER).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromMemorySegment(F, g, (go + i) * 4, ORDER), positive).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMask<Float> positive = FloatVector.fromMemorySegment(F, x, (xo + i) * 4, ORDER, m).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromMemorySegment(F, g, (go + i) * 4, ORDER, m), positive).intoMemorySegment(o, (oo + i) * 4, ORDER, m);
        }
    }

    private static void rowF64(MemorySegment g, long go, MemorySegment x, long xo, MemorySegment o, long oo, long n) {
        DoubleVector zero = DoubleVector.zero(D);
        long i = 0;
        for (long upper = D.loopBound(n); i < upper; i += D.length()) {
            VectorMask<Double> positive = DoubleVector.fromMemorySegment(D, x, (xo + i) * 8, ORDER).compare(VectorOperators.GT, zero);
            zero.blend(DoubleVector.fromMemorySegment(D, g, (go + i) * 8, ORDER), positive).intoMemorySegment(o, (oo + i) * 8, ORDER);
        }
        if (i < n) {
            VectorMask<Double> m = D.indexInRange(i, n);
            VectorMask<Double> positive = DoubleVector.fromMemorySegment(D, x, (xo + i) * 8, ORDER, m).compare(VectorOperators.GT, zero);
            zero.blend(DoubleVector.fromMemorySegment(D, g, (go + i) * 8, ORDER, m), positive).intoMemorySegment(o, (oo + i) * 8, ORDER, m);
        }
    }

    private static void rowScalar(DType t, MemorySegment g, long go, long gs, MemorySegment x, long xo, long xs,
                                  MemorySegment o, long oo, long os, long n) {
        for (long i = 0; i < n; i++) {
            if (t == DType.F32) {
                float v = x.getAtIndex(Elements.F32, xo + i * xs) > 0 ? g.getAtIndex(Elements.F32, go + i * gs) : 0f;
                o.setAtIndex(Elements.F32, oo + i * os, v);
            } else {
                double v = x.getAtIndex(Elements.F64, xo + i * xs) > 0 ? g.getAtIndex(Elements.F64, go + i * gs) : 0.0;
                o.setAtIndex(Elements.F64, oo + i * os, v);
            }
        }
    }
}
