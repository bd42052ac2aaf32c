package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation in training mode, fused: statistics per channel of a dense [N, C, S] input
 * (S = the product of the spatial dims of NCHW, NCDHW, …; S = 1 for [N, C]), M = N·S values each.
 *
 * <pre>
 * forward:  μ = Σx/M,  σ² = Σ(x − μ)²/M (biased),  k = 1/√(σ² + ε),  y = (x − μ)·(γk) + β
 * backward: dβ = Σdy,  dγ = k·Σdy(x − μ),
 *           dx = γk·(dy − Σdy/M − x̂·Σdy·x̂/M) = γk·dy + b·(x − μ) + c0,  b = −γk³·Σdy(x − μ)/M,  c0 = −γk·Σdy/M
 * </pre>
 *
 * <p>With a ReLU fused after it (y = max(0, ·), ResNet's BN → ReLU), the forward clamps while it
 * writes y, and the backward reads dy gated by the saved output, dy·[y &gt; 0] (a select, as
 * {@link ReluBackwardKernels}), in both of its passes: the bits are those of the ReLU kernels
 * around the plain batch norm, without the ReLU's own pass and tensor.
 *
 * <p>Three passes over x in the forward (the sum, the deviations, then y) and two over dy and x in
 * the backward (the sums, then dx); each channel is one task that reads only its own N runs of S
 * values, so the second pass usually finds them in cache. Every sum is taken over segments of at
 * most 1024 values, in float vector lanes for F32 (added in lane order) and in double beyond a
 * segment, the segments in a fixed order: the bits depend on the shape only, never on the thread
 * count. F64, and F32 when the Vector API is off, use scalar loops with the same segments. The
 * coefficients (γk, b, c0) are computed in double and rounded once to the dtype. Deviations are
 * taken from m, the mean rounded to the dtype; the second pass also sums x − m, whose mean
 * δ = μ − m corrects what the rounding of m would cost when |μ| ≫ σ (Σ(x − μ)² = Σ(x − m)² − Mδ²,
 * Σdy(x − μ) = Σdy(x − m) − δΣdy), so both passes stay as accurate as a sum in double. γ and β may be
 * absent (1 and 0). F32 inputs with few values per sample and channel (S &lt; 32: the last stages
 * of a CNN, or [N, C]) run on {@link BatchNormColumns} instead, vectorised across channels, with
 * the same per-channel formulas. {@link BatchNormReference} is the plain-loop version.
 */
public final class BatchNormKernels {
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Values summed in float before a segment total is added in double. */
    private static final int SEGMENT = 1024;

    private BatchNormKernels() {}

    /**
     * Training forward over a dense [n, c, s] x. Writes y (same layout), and per channel the mean,
     * the biased variance and k = 1/√(σ² + ε), all in x's dtype.
     *
     * @param weight γ [c] or null (ones)
     * @param bias   β [c] or null (zeros)
     * @param relu   whether y is max(0, ·) of the normalised value
     */
    public static void forward(DType t, long n, long c, long s, MemorySegment x, MemorySegment weight,
                               MemorySegment bias, double eps, boolean relu, MemorySegment y, MemorySegment mean,
                               MemorySegment variance, MemorySegment invStd) {
        check("forward", t, n, c, s);
        if (BatchNormColumns.applies(t, s)) {
            BatchNormColumns.forward(n, c, s, x, weight, bias, eps, relu, y, mean, variance, invStd);
            return;
        }
        double count = (double) n * s;
        Parallel.forEach(Math.toIntExact(c), ch -> {
            double mu = 0;
            for (long i = 0; i < n; i++) {
                mu += sum(t, x, (i * c + ch) * s, s);
            }
            mu /= count;
            double m = round(t, mu);
            double[] sums = new double[2];
            double deviations = 0;
            double squares = 0;
            for (long i = 0; i < n; i++) {
                deviations(t, x, (i * c + ch) * s, s, m, sums);
                deviations += sums[0];
                squares += sums[1];
            }
            Affine f = affine(t, count, deviations, squares, read(t, weight, ch, 1), read(t, bias, ch, 0), eps);
            for (long i = 0; i < n; i++) {
                normalise(t, x, y, (i * c + ch) * s, s, m, f.scale(), f.shift(), relu);
            }
            write(t, mean, ch, m + f.delta());
            write(t, variance, ch, f.variance());
            write(t, invStd, ch, f.k());
        });
    }

    /** A channel's forward from M values: δ = μ − m, σ², k, and y = (x − m)·scale + shift. */
    record Affine(double delta, double variance, double k, double scale, double shift) {}

    /** The {@link Affine} of a channel from Σ(x − m) and Σ(x − m)², m the mean rounded to the dtype. */
    static Affine affine(DType t, double count, double deviations, double squares, double gamma, double beta, double eps) {
        // δ = μ − m corrects for m being μ rounded to the dtype: Σ(x − μ)² = Σ(x − m)² − M·δ²
        double delta = deviations / count;
        double var = Math.max(0, squares / count - delta * delta);
        double k = 1 / Math.sqrt(var + eps);
        double scale = round(t, gamma * round(t, k));
        return new Affine(delta, var, k, scale, round(t, beta - delta * scale));
    }

    /** A channel's backward: dβ, dγ, and dx = a·g + b·(x − m) + c0. */
    record Gradient(double bias, double weight, double a, double b, double c0) {}

    /** The {@link Gradient} of a channel from Σg, Σg·(x − m) and Σ(x − m) over M values, k and γ. */
    static Gradient gradient(DType t, double count, double k, double gamma, double sumDy, double sumDyXc,
                             double deviations) {
        // δ = μ − m, with μ the exact mean of x and m the stored one: Σdy(x − μ) = Σdy(x − m) − δ·Σdy
        double delta = deviations / count;
        double centred = sumDyXc - delta * sumDy;
        double gk = gamma * k;
        double b = round(t, -gk * k * k * centred / count);
        return new Gradient(sumDy, k * centred, round(t, gk), b, round(t, -gk * sumDy / count - b * delta));
    }

    /**
     * Training backward over dense [n, c, s] dy and x, with the mean and k of the forward. Each of
     * dx, dWeight, dBias may be null (not needed); dx is skipped with its pass.
     *
     * @param gate   the output y of a forward with ReLU (dy is used where y &gt; 0, else 0), or null
     * @param weight γ [c] or null (ones)
     */
    public static void backward(DType t, long n, long c, long s, MemorySegment dy, MemorySegment gate, MemorySegment x,
                                MemorySegment mean, MemorySegment invStd, MemorySegment weight, MemorySegment dx,
                                MemorySegment dWeight, MemorySegment dBias) {
        check("backward", t, n, c, s);
        if (BatchNormColumns.applies(t, s)) {
            BatchNormColumns.backward(n, c, s, dy, gate, x, mean, invStd, weight, dx, dWeight, dBias);
            return;
        }
        double count = (double) n * s;
        Parallel.forEach(Math.toIntExact(c), ch -> {
            double m = read(t, mean, ch, 0);
            double k = read(t, invStd, ch, 0);
            double[] sums = new double[3];
            double sumDy = 0;
            double sumDyXc = 0;
            double deviations = 0;
            for (long i = 0; i < n; i++) {
                gradientSums(t, dy, gate, x, (i * c + ch) * s, s, m, sums);
                sumDy += sums[0];
                sumDyXc += sums[1];
                deviations += sums[2];
            }
            Gradient d = gradient(t, count, k, read(t, weight, ch, 1), sumDy, sumDyXc, deviations);
            if (dBias != null) {
                write(t, dBias, ch, d.bias());
            }
            if (dWeight != null) {
                write(t, dWeight, ch, d.weight());
            }
            if (dx != null) {
                for (long i = 0; i < n; i++) {
                    inputGradient(t, dy, gate, x, dx, (i * c + ch) * s, s, m, d.a(), d.b(), d.c0());
                }
            }
        });
    }

    // Σ x[o, o + len), in segments
    private static double sum(DType t, MemorySegment x, long o, long len) {
        double total = 0;
        for (long start = 0; start < len; start += SEGMENT) {
            int seg = (int) Math.min(SEGMENT, len - start);
            long p = o + start;
            if (t == DType.F64) {
                double acc = 0;
                for (int j = 0; j < seg; j++) {
                    acc += x.getAtIndex(Elements.F64, p + j);
                }
                total += acc;
                continue;
            }
            int j = 0;
            float acc = 0f;
            if (VectorSupport.enabled() && seg >= F.length()) {
                FloatVector v = FloatVector.zero(F);
                for (int upper = F.loopBound(seg); j < upper; j += F.length()) {
                    v = v.add(FloatVector.fromMemorySegment(F, x, (p + j) * 4, ORDER));
                }
                acc = VectorMath.sumLanes(v);
            }
            for (; j < seg; j++) {
                acc += x.getAtIndex(Elements.F32, p + j);
            }
            total += acc;
        }
        return total;
    }

    // sums[0] = Σ (x − m), sums[1] = Σ (x − m)², in segments
    private static void deviations(DType t, MemorySegment x, long o, long len, double m, double[] sums) {
        double linear = 0;
        double squares = 0;
        float mf = (float) m;
        for (long start = 0; start < len; start += SEGMENT) {
            int seg = (int) Math.min(SEGMENT, len - start);
            long p = o + start;
            if (t == DType.F64) {
                double a = 0;
                double b = 0;
                for (int j = 0; j < seg; j++) {
                    double d = x.getAtIndex(Elements.F64, p + j) - m;
                    a += d;
                    b = Math.fma(d, d, b);
                }
                linear += a;
                squares += b;
                continue;
            }
            int j = 0;
            float a = 0f;
            float b = 0f;
            if (VectorSupport.enabled() && seg >= F.length()) {
                FloatVector va = FloatVector.zero(F);
                FloatVector vb = FloatVector.zero(F);
                for (int upper = F.loopBound(seg); j < upper; j += F.length()) {
                    FloatVector d = FloatVector.fromMemorySegment(F, x, (p + j) * 4, ORDER).sub(mf);
                    va = va.add(d);
                    vb = d.fma(d, vb);
                }
                a = VectorMath.sumLanes(va);
                b = VectorMath.sumLanes(vb);
            }
            for (; j < seg; j++) {
                float d = x.getAtIndex(Elements.F32, p + j) - mf;
                a += d;
                b = Math.fma(d, d, b);
            }
            linear += a;
            squares += b;
        }
        sums[0] = linear;
        sums[1] = squares;
    }

    // y = (x − m)·scale + beta, then max(0, y) with relu
    private static void normalise(DType t, MemorySegment x, MemorySegment y, long o, long len, double m, double scale,
                                  double beta, boolean relu) {
        if (t == DType.F64) {
            for (long j = 0; j < len; j++) {
                double v = Math.fma(x.getAtIndex(Elements.F64, o + j) - m, scale, beta);
                y.setAtIndex(Elements.F64, o + j, relu ? Math.max(v, 0.0) : v);
            }
            return;
        }
        float mf = (float) m;
        float sf = (float) scale;
        float bf = (float) beta;
        long j = 0;
        if (VectorSupport.enabled()) {
            FloatVector vs = FloatVector.broadcast(F, sf);
            FloatVector vb = FloatVector.broadcast(F, bf);
            for (long upper = F.loopBound(len); j < upper; j += F.length()) {
                FloatVector v = FloatVector.fromMemorySegment(F, x, (o + j) * 4, ORDER).sub(mf).fma(vs, vb);
                (relu ? v.max(0f) : v).intoMemorySegment(y, (o + j) * 4, ORDER);
            }
        }
        for (; j < len; j++) {
            float v = Math.fma(x.getAtIndex(Elements.F32, o + j) - mf, sf, bf);
            y.setAtIndex(Elements.F32, o + j, relu ? Math.max(v, 0f) : v);
        }
    }

    // sums[0] = Σ g, sums[1] = Σ g·(x − m), sums[2] = Σ (x − m), in segments; g = dy, or dy·[gate > 0]
    private static void gradientSums(DType t, MemorySegment dy, MemorySegment gate, MemorySegment x, long o, long len,
                                     double m, double[] sums) {
        double sumDy = 0;
        double sumDyXc = 0;
        double sumXc = 0;
        float mf = (float) m;
        for (long start = 0; start < len; start += SEGMENT) {
            int seg = (int) Math.min(SEGMENT, len - start);
            long p = o + start;
            if (t == DType.F64) {
                double a = 0;
                double b = 0;
                double d = 0;
                for (int j = 0; j < seg; j++) {
                    double g = gatedF64(dy, gate, p + j);
                    double xc = x.getAtIndex(Elements.F64, p + j) - m;
                    a += g;
                    b = Math.fma(g, xc, b);
                    d += xc;
                }
                sumDy += a;
                sumDyXc += b;
                sumXc += d;
                continue;
            }
            int j = 0;
            float a = 0f;
            float b = 0f;
            float d = 0f;
            if (VectorSupport.enabled() && seg >= F.length()) {
                FloatVector va = FloatVector.zero(F);
                FloatVector vb = FloatVector.zero(F);
                FloatVector vd = FloatVector.zero(F);
                for (int upper = F.loopBound(seg); j < upper; j += F.length()) {
                    FloatVector g = gatedVector(dy, gate, (p + j) * 4);
                    FloatVector xc = FloatVector.fromMemorySegment(F, x, (p + j) * 4, ORDER).sub(mf);
                    va = va.add(g);
                    vb = g.fma(xc, vb);
                    vd = vd.add(xc);
                }
                a = VectorMath.sumLanes(va);
                b = VectorMath.sumLanes(vb);
                d = VectorMath.sumLanes(vd);
            }
            for (; j < seg; j++) {
                float g = gatedF32(dy, gate, p + j);
                float xc = x.getAtIndex(Elements.F32, p + j) - mf;
                a += g;
                b = Math.fma(g, xc, b);
                d += xc;
            }
            sumDy += a;
            sumDyXc += b;
            sumXc += d;
        }
        sums[0] = sumDy;
        sums[1] = sumDyXc;
        sums[2] = sumXc;
    }

    // dx = a·g + (b·(x − m) + c0); g = dy, or dy·[gate > 0]
    private static void inputGradient(DType t, MemorySegment dy, MemorySegment gate, MemorySegment x, MemorySegment dx,
                                      long o, long len, double m, double a, double b, double c0) {
        if (t == DType.F64) {
            for (long j = 0; j < len; j++) {
                double inner = Math.fma(b, x.getAtIndex(Elements.F64, o + j) - m, c0);
                dx.setAtIndex(Elements.F64, o + j, Math.fma(a, gatedF64(dy, gate, o + j), inner));
            }
            return;
        }
        float mf = (float) m;
        float af = (float) a;
        float bf = (float) b;
        float cf = (float) c0;
        long j = 0;
        if (VectorSupport.enabled()) {
            FloatVector va = FloatVector.broadcast(F, af);
            FloatVector vb = FloatVector.broadcast(F, bf);
            FloatVector vc = FloatVector.broadcast(F, cf);
            for (long upper = F.loopBound(len); j < upper; j += F.length()) {
                FloatVector inner = FloatVector.fromMemorySegment(F, x, (o + j) * 4, ORDER).sub(mf).fma(vb, vc);
                gatedVector(dy, gate, (o + j) * 4).fma(va, inner).intoMemorySegment(dx, (o + j) * 4, ORDER);
            }
        }
        for (; j < len; j++) {
            float inner = Math.fma(bf, x.getAtIndex(Elements.F32, o + j) - mf, cf);
            dx.setAtIndex(Elements.F32, o + j, Math.fma(af, gatedF32(dy, gate, o + j), inner));
        }
    }

    // dy[i], or gate[i] > 0 ? dy[i] : 0 (the ReLU backward's select)
    private static double gatedF64(MemorySegment dy, MemorySegment gate, long i) {
        double g = dy.getAtIndex(Elements.F64, i);
        return gate == null || gate.getAtIndex(Elements.F64, i) > 0 ? g : 0.0;
    }

    private static float gatedF32(MemorySegment dy, MemorySegment gate, long i) {
        float g = dy.getAtIndex(Elements.F32, i);
        return gate == null || gate.getAtIndex(Elements.F32, i) > 0 ? g : 0f;
    }

    // the vector of dy at byte offset b, its lanes zeroed where gate ≤ 0
    private static FloatVector gatedVector(MemorySegment dy, MemorySegment gate, long b) {
        FloatVector g = FloatVector.fromMemorySegment(F, dy, b, ORDER);
        if (gate == null) {
            return g;
        }
        FloatVector zero = FloatVector.zero(F);
        return zero.blend(g, FloatVector.fromMemorySegment(F, gate, b, ORDER).compare(VectorOperators.GT, zero));
    }

    private static void check(String op, DType t, long n, long c, long s) {
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException("batchNorm " + op + ": dtype must be F32 or F64, got " + t);
        }
        if (n < 1 || c < 1 || s < 1) {
            throw new IllegalArgumentException("batchNorm " + op + ": [N, C, S] = [" + n + ", " + c + ", " + s
                    + "] must be positive");
        }
    }

    /** A value rounded to the dtype (exact for F64). */
    static double round(DType t, double v) {
        return t == DType.F32 ? (float) v : v;
    }

    static double read(DType t, MemorySegment s, long i, double absent) {
        if (s == null) {
            return absent;
        }
        return t == DType.F32 ? s.getAtIndex(Elements.F32, i) : s.getAtIndex(Elements.F64, i);
    }

    static void write(DType t, MemorySegment s, long i, double v) {
        if (t == DType.F32) {
            s.setAtIndex(Elements.F32, i, (float) v);
        } else {
            s.setAtIndex(Elements.F64, i, v);
        }
    }
}
