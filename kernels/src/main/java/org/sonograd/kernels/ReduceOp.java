package org.sonograd.kernels;

/** Reductions over a set of axes. */
public enum ReduceOp {
    /** Σ x */
    SUM,
    /** Σ x / n */
    MEAN,
    /** max x */
    MAX,
    /** min x */
    MIN
}
