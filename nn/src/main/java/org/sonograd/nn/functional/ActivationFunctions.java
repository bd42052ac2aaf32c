package org.sonograd.nn.functional;

import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.tensor.SpecialFunctions;
import org.sonograd.tensor.Tensor;

/**
 * Activation functions beyond the primitives of {@code Functions} (relu, sigmoid, tanh live
 * there). Each backward is written with differentiable ops, so second derivatives work.
 */
public final class ActivationFunctions {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

    private ActivationFunctions() {}

    /** erf(x).  ∂x = g · 2/√π · e^{−x²}. */
    public static Var erf(Var x) {
        return Graph.record("erf", SpecialFunctions.erf(x.value()),
                (g, out) -> new Var[] {g.mul(x.mul(x).neg().exp()).mul(TWO_OVER_SQRT_PI)}, x);
    }

    /** GELU, exact (PyTorch's default): x·Φ(x) = ½x(1 + erf(x/√2)). */
    public static Var gelu(Var x) {
        return x.mul(erf(x.mul(SQRT_HALF)).add(1)).mul(0.5);
    }

    /** GELU, tanh approximation (PyTorch's approximate='tanh'): ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
    public static Var geluTanh(Var x) {
        Var inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_TWO_OVER_PI);
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    /** SiLU (swish): x·σ(x). */
    public static Var silu(Var x) {
        return x.mul(x.sigmoid());
    }

    /**
     * softplus(x) = (1/β) ln(1 + e^{βx}), and x itself where βx > threshold (as PyTorch).
     * Computed as (max(βx, 0) + ln(1 + e^{−|βx|}))/β so it never overflows.  ∂x = g·σ(βx) (g above the threshold).
     */
    public static Var softplus(Var x, double beta, double threshold) {
        Tensor bx = x.value().mul(beta);
        Tensor linear = bx.compare(BinaryOp.GT, threshold);
        Tensor smooth = bx.relu().add(bx.abs().neg().exp().add(1).log()).div(beta);
        return Graph.record("softplus", Tensor.where(linear, x.value(), smooth),
                (g, out) -> new Var[] {Var.where(linear, g, g.mul(x.mul(beta).sigmoid()))}, x);
    }

    /** softplus with PyTorch's defaults β = 1, threshold = 20. */
    public static Var softplus(Var x) {
        return softplus(x, 1, 20);
    }
}
