package org.sonograd.kernels;

/**
 * Elementwise functions of two float operands; the comparisons write BOOL. {@link #apply(double,
 * double)}, {@link #apply(float, float)} and {@link #test(double, double)} are the scalar
 * definitions (Java semantics: MAX/MIN propagate NaN and order −0 below +0; every comparison with
 * NaN is false except NE).
 */
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

    /** The arithmetic operator at two doubles. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> Math.pow(a, b);
            default -> throw new IllegalStateException(this + " is a comparison; use test");
        };
    }

    /** The arithmetic operator at two floats (POW in double rounded once to float). */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> (float) Math.pow(a, b);
            default -> throw new IllegalStateException(this + " is a comparison; use test");
        };
    }

    /** The comparison at two values (floats widen to double exactly, so one method serves both). */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            default -> throw new IllegalStateException(this + " is arithmetic; use apply");
        };
    }
}
