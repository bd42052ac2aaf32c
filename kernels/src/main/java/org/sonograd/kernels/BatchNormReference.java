package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Plain-loop reference of {@link BatchNormKernels}, in double whatever the dtype, the textbook
 * formulas over a dense [n, c, s] layout, one channel after the other:
 * μ = Σx/M, σ² = Σ(x − μ)²/M, x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β;
 * dβ = Σdy, dγ = Σdy·x̂, dx = γ/√(σ² + ε)·(dy − mean(dy) − x̂·mean(dy·x̂)).
 */
public final class BatchNormReference {
    private BatchNormReference() {}

    /** See {@link BatchNormKernels#forward}; weight and bias may be null. */
    public static void forward(DType t, long n, long c, long s, MemorySegment x, MemorySegment weight,
                               MemorySegment bias, double eps, MemorySegment y, MemorySegment mean,
                               MemorySegment variance, MemorySegment invStd) {
        double count = (double) n * s;
        for (long ch = 0; ch < c; ch++) {
            double mu = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    mu += read(t, x, (i * c + ch) * s + j);
                }
            }
            mu /= count;
            double var = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    double d = read(t, x, (i * c + ch) * s + j) - mu;
                    var += d * d;
                }
            }
            var /= count;
            double std = Math.sqrt(var + eps);
            double gamma = weight == null ? 1 : read(t, weight, ch);
            double beta = bias == null ? 0 : read(t, bias, ch);
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    long p = (i * c + ch) * s + j;
                    write(t, y, p, (read(t, x, p) - mu) / std * gamma + beta);
                }
            }
            write(t, mean, ch, mu);
            write(t, variance, ch, var);
            write(t, invStd, ch, 1 / std);
        }
    }

    /**
     * See {@link BatchNormKernels#backward}, but from x, γ and ε alone (the statistics are
     * recomputed here); dx, dWeight, dBias may be null.
     */
    public static void backward(DType t, long n, long c, long s, MemorySegment dy, MemorySegment x, MemorySegment weight,
                                double eps, MemorySegment dx, MemorySegment dWeight, MemorySegment dBias) {
        double count = (double) n * s;
        for (long ch = 0; ch < c; ch++) {
            double mu = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    mu += read(t, x, (i * c + ch) * s + j);
                }
            }
            mu /= count;
            double var = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    double d = read(t, x, (i * c + ch) * s + j) - mu;
                    var += d * d;
                }
            }
            double std = Math.sqrt(var / count + eps);
            double meanDy = 0;
            double meanDyXhat = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < s; j++) {
                    long p = (i * c + ch) * s + j;
                    double g = read(t, dy, p);
                    meanDy += g;
                    meanDyXhat += g * (read(t, x, p) - mu) / std;
                }
            }
            if (dBias != null) {
                write(t, dBias, ch, meanDy);
            }
            if (dWeight != null) {
                write(t, dWeight, ch, meanDyXhat);
            }
            meanDy /= count;
            meanDyXhat /= count;
            double gamma = weight == null ? 1 : read(t, weight, ch);
            if (dx != null) {
                for (long i = 0; i < n; i++) {
                    for (long j = 0; j < s; j++) {
                        long p = (i * c + ch) * s + j;
                        double xhat = (read(t, x, p) - mu) / std;
                        write(t, dx, p, gamma / std * (read(t, dy, p) - meanDy - xhat * meanDyXhat));
                    }
                }
            }
        }
    }

    private static double read(DType t, MemorySegment s, long i) {
        return t == DType.F32 ? s.getAtIndex(Elements.F32, i) : s.getAtIndex(Elements.F64, i);
    }

    private static void write(DType t, MemorySegment s, long i, double v) {
        if (t == DType.F32) {
            s.setAtIndex(Elements.F32, i, (float) v);
        } else {
            s.setAtIndex(Elements.F64, i, v);
        }
    }
}
