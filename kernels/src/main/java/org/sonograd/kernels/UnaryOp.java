package org.sonograd.kernels;

/** Elementwise functions of one float operand. */
public enum UnaryOp {
    /** -x */
    NEG,
    /** |x| */
    ABS,
    /** sign(x) in {-1, 0, 1} */
    SIGN,
    /** e^x */
    EXP,
    /** ln x */
    LOG,
    /** √x */
    SQRT,
    /** 1/x */
    RECIPROCAL,
    /** x² */
    SQUARE,
    /** tanh x */
    TANH,
    /** 1/(1+e^-x) */
    SIGMOID,
    /** max(x, 0) */
    RELU,
    /** sin x */
    SIN,
    /** cos x */
    COS,
    /** ln(1+x) */
    LOG1P,
    /** e^x − 1 */
    EXPM1
}
