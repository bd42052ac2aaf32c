package org.sonograd.kernels;

/** Elementwise functions of two float operands; the comparisons write BOOL. */
public enum BinaryOp {
    /** a + b */
    ADD,
    /** a − b */
    SUB,
    /** a · b */
    MUL,
    /** a / b */
    DIV,
    /** max(a, b) */
    MAX,
    /** min(a, b) */
    MIN,
    /** a^b */
    POW,
    /** a == b */
    EQ,
    /** a != b */
    NE,
    /** a &lt; b */
    LT,
    /** a ≤ b */
    LE,
    /** a &gt; b */
    GT,
    /** a ≥ b */
    GE;

    /** True for the operators that produce BOOL. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
