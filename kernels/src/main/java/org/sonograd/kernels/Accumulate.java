package org.sonograd.kernels;

/**
 * What a reduction accumulates per element, and how two partial results combine. Partial results
 * are carried in double for both F32 and F64 inputs (see {@link ReductionKernels}).
 */
enum Accumulate {
    /** Σ x */
    SUM(0.0),
    /** max x, NaN propagating ({@link Math#max}) */
    MAX(Double.NEGATIVE_INFINITY),
    /** min x, NaN propagating ({@link Math#min}) */
    MIN(Double.POSITIVE_INFINITY),
    /** Σ (x − c)² for a centre c per output (the second pass of the variance) */
    SQUARED_DEVIATION(0.0);

    private final double identity;

    Accumulate(double identity) {
        this.identity = identity;
    }

    /** The value a partial result starts from. */
    double identity() {
        return identity;
    }

    /** Combines two partial results. */
    double combine(double a, double b) {
        return switch (this) {
            case SUM, SQUARED_DEVIATION -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    static Accumulate of(ReduceOp op) {
        return switch (op) {
            case SUM, MEAN -> SUM;
            case MAX -> MAX;
            case MIN -> MIN;
        };
    }
}
