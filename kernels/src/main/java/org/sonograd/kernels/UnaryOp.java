package org.sonograd.kernels;

/**
 * Elementwise functions of one float operand. {@link #apply(double)} and {@link #apply(float)} are
 * the scalar definitions that the reference and the scalar loops use; F32 values are computed in
 * double and rounded once to float.
 */
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
    EXPM1;

    /** The function at one double; NaN in gives NaN out (SIGN keeps the sign of zero, like Math.signum). */
    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1.0 / x;
            case SQUARE -> x * x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> Math.max(x, 0.0);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
        };
    }

    /** σ(x) = 1/(1+e^-x), evaluated as e^x/(1+e^x) for x &lt; 0 so that e^-x never overflows. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The function at one float: exact ops in float, the others in double rounded once to float. */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case RECIPROCAL -> 1.0f / x;
            case SQUARE -> x * x;
            case RELU -> Math.max(x, 0.0f);
            case SQRT -> (float) Math.sqrt(x); // the double root rounds to the correctly rounded float root
            default -> (float) apply((double) x);
        };
    }
}
