package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F64 rows of {@link ElementwiseKernels}. Each operand of a row is given as (segment, element
 * offset, element stride). The vector loops need every input stride to be 1 or 0 (0: one value
 * broadcast into all lanes) and the output stride to be 1; they finish the row with one masked
 * vector. The scalar loops take any strides. Vector forms exist for the exactly rounded operators
 * and for the transcendental ones that {@link VectorMath64} computes from exactly rounded steps; the scalar
 * loops use the scalar twins of the latter, so both loops give the same bits.
 */
final class ElementwiseF64 {
    private static final VectorSpecies<Double> S = VectorSupport.DOUBLES;
    /** Bytes with as many lanes as S, for BOOL results. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(S.length() * 8));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long W = 8;

    private ElementwiseF64() {}

    private static DoubleVector load(MemorySegment s, long off, long stride, long i, DoubleVector broadcast) {
        return stride == 0 ? broadcast : DoubleVector.fromMemorySegment(S, s, (off + i) * W, ORDER);
    }

    private static DoubleVector load(MemorySegment s, long off, long stride, long i, DoubleVector broadcast, VectorMask<Double> m) {
        return stride == 0 ? broadcast : DoubleVector.fromMemorySegment(S, s, (off + i) * W, ORDER, m);
    }

    private static DoubleVector broadcastOf(MemorySegment s, long off, long stride) {
        return DoubleVector.broadcast(S, stride == 0 ? s.getAtIndex(Elements.F64, off) : 0.0);
    }

    // out = op(x)
    static void unaryVector(UnaryOp op, MemorySegment x, long xo, long xs, MemorySegment o, long oo, long n) {
        DoubleVector bx = broadcastOf(x, xo, xs);
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            apply(op, load(x, xo, xs, i, bx)).intoMemorySegment(o, (oo + i) * W, ORDER);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            apply(op, load(x, xo, xs, i, bx, m)).intoMemorySegment(o, (oo + i) * W, ORDER, m);
        }
    }

    static void unaryScalar(UnaryOp op, MemorySegment x, long xo, long xs, MemorySegment o, long oo, long os, long n) {
        for (long i = 0; i < n; i++) {
            o.setAtIndex(Elements.F64, oo + i * os, apply(op, x.getAtIndex(Elements.F64, xo + i * xs)));
        }
    }

    /** The scalar twin of {@link #apply(UnaryOp, DoubleVector)}: {@link VectorMath64} for the transcendental ops, else {@link UnaryOp#apply}. */
    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case EXP -> VectorMath64.exp(x);
            case EXPM1 -> VectorMath64.expm1(x);
            case LOG -> VectorMath64.log(x);
            case LOG1P -> VectorMath64.log1p(x);
            case TANH -> VectorMath64.tanh(x);
            case SIGMOID -> VectorMath64.sigmoid(x);
            default -> op.apply(x);
        };
    }

    private static DoubleVector apply(UnaryOp op, DoubleVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> x.blend(1.0, x.compare(VectorOperators.GT, 0.0)).blend(-1.0, x.compare(VectorOperators.LT, 0.0));
            case SQRT -> x.sqrt();
            case RECIPROCAL -> x.broadcast(1.0).div(x);
            case SQUARE -> x.mul(x);
            case RELU -> x.max(0.0);
            case EXP -> VectorMath64.exp(x);
            case EXPM1 -> VectorMath64.expm1(x);
            case LOG -> VectorMath64.log(x);
            case LOG1P -> VectorMath64.log1p(x);
            case TANH -> VectorMath64.tanh(x);
            case SIGMOID -> VectorMath64.sigmoid(x);
            default -> throw new IllegalStateException(op + " has no vector form");
        };
    }

    // out = op(a, b), arithmetic
    static void binaryVector(BinaryOp op, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                             MemorySegment o, long oo, long n) {
        DoubleVector ba = broadcastOf(a, ao, as);
        DoubleVector bb = broadcastOf(b, bo, bs);
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            apply(op, load(a, ao, as, i, ba), load(b, bo, bs, i, bb)).intoMemorySegment(o, (oo + i) * W, ORDER);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            apply(op, load(a, ao, as, i, ba, m), load(b, bo, bs, i, bb, m)).intoMemorySegment(o, (oo + i) * W, ORDER, m);
        }
    }

    private static DoubleVector apply(BinaryOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            default -> throw new IllegalStateException(op + " has no vector form");
        };
    }

    static void binaryScalar(BinaryOp op, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                             MemorySegment o, long oo, long os, long n) {
        for (long i = 0; i < n; i++) {
            o.setAtIndex(Elements.F64, oo + i * os,
                    op.apply(a.getAtIndex(Elements.F64, ao + i * as), b.getAtIndex(Elements.F64, bo + i * bs)));
        }
    }

    // out = (a op b) ? 1 : 0, one byte per element
    static void compareVector(BinaryOp op, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                              MemorySegment o, long oo, long n) {
        DoubleVector ba = broadcastOf(a, ao, as);
        DoubleVector bb = broadcastOf(b, bo, bs);
        ByteVector zeros = ByteVector.zero(BYTES);
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            VectorMask<Byte> r = compare(op, load(a, ao, as, i, ba), load(b, bo, bs, i, bb)).cast(BYTES);
            zeros.blend((byte) 1, r).intoMemorySegment(o, oo + i, ORDER);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            VectorMask<Byte> r = compare(op, load(a, ao, as, i, ba, m), load(b, bo, bs, i, bb, m)).cast(BYTES);
            zeros.blend((byte) 1, r).intoMemorySegment(o, oo + i, ORDER, m.cast(BYTES));
        }
    }

    static void compareScalar(BinaryOp op, MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                              MemorySegment o, long oo, long os, long n) {
        for (long i = 0; i < n; i++) {
            boolean r = op.test(a.getAtIndex(Elements.F64, ao + i * as), b.getAtIndex(Elements.F64, bo + i * bs));
            o.set(Elements.BYTE, oo + i * os, r ? (byte) 1 : (byte) 0);
        }
    }

    /**
     * a op b lane by lane. Each case passes a constant operator: C2 intrinsifies {@code compare} only
     * when the operator is a compile-time constant, and a runtime-variable one ran the Java fallback
     * ({@code compareTemplate}) even after warm-up.
     */
    private static VectorMask<Double> compare(BinaryOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case EQ -> a.compare(VectorOperators.EQ, b);
            case NE -> a.compare(VectorOperators.NE, b);
            case LT -> a.compare(VectorOperators.LT, b);
            case LE -> a.compare(VectorOperators.LE, b);
            case GT -> a.compare(VectorOperators.GT, b);
            case GE -> a.compare(VectorOperators.GE, b);
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    // out = a · b + c with one rounding
    static void fmaVector(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                          MemorySegment c, long co, long cs, MemorySegment o, long oo, long n) {
        DoubleVector ba = broadcastOf(a, ao, as);
        DoubleVector bb = broadcastOf(b, bo, bs);
        DoubleVector bc = broadcastOf(c, co, cs);
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            load(a, ao, as, i, ba).fma(load(b, bo, bs, i, bb), load(c, co, cs, i, bc)).intoMemorySegment(o, (oo + i) * W, ORDER);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, ao, as, i, ba, m).fma(load(b, bo, bs, i, bb, m), load(c, co, cs, i, bc, m))
                    .intoMemorySegment(o, (oo + i) * W, ORDER, m);
        }
    }

    static void fmaScalar(MemorySegment a, long ao, long as, MemorySegment b, long bo, long bs,
                          MemorySegment c, long co, long cs, MemorySegment o, long oo, long os, long n) {
        for (long i = 0; i < n; i++) {
            o.setAtIndex(Elements.F64, oo + i * os, Math.fma(a.getAtIndex(Elements.F64, ao + i * as),
                    b.getAtIndex(Elements.F64, bo + i * bs), c.getAtIndex(Elements.F64, co + i * cs)));
        }
    }

    // out[i] = value over a unit-stride row
    static void fillVector(MemorySegment o, long oo, long n, double value) {
        DoubleVector v = DoubleVector.broadcast(S, value);
        long i = 0;
        for (long upper = S.loopBound(n); i < upper; i += S.length()) {
            v.intoMemorySegment(o, (oo + i) * W, ORDER);
        }
        for (; i < n; i++) {
            o.setAtIndex(Elements.F64, oo + i, value);
        }
    }
}
