package org.sonograd.nn.optim;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.Tensor;

/**
 * A module whose loss has a closed-form gradient: L = Σ_p Σ_i (½·a_i·θ_i² + c_i·θ_i) over its
 * parameters "w" [2,3] and "b" [3], so ∂L/∂θ_i = a_i·θ_i + c_i.
 */
final class Quadratic extends Module {
    static final double[] W0 = {0.5, -1.0, 2.0, 0.25, -0.75, 1.5};
    static final double[] B0 = {0.1, -0.2, 0.3};
    static final double[] A_W = {1.0, 2.0, 0.5, 3.0, 1.5, 0.25};
    static final double[] C_W = {0.3, -0.1, 0.2, -0.4, 0.05, 0.6};
    static final double[] A_B = {2.0, 1.0, 4.0};
    static final double[] C_B = {-0.5, 0.25, 0.1};

    final Parameter w;
    final Parameter b;

    Quadratic(DType dtype) {
        w = addParameter("w", Tensor.of(W0, 2, 3).to(dtype));
        b = addParameter("b", Tensor.of(B0).to(dtype));
    }

    /** The loss; its backward fills the gradients a·θ + c. */
    Var loss() {
        return term(w, A_W, C_W, 2, 3).add(term(b, A_B, C_B, 3));
    }

    private static Var term(Parameter p, double[] a, double[] c, long... shape) {
        Var theta = p.var();
        Var ac = Var.constant(Tensor.of(a, shape).to(theta.dtype()));
        Var cc = Var.constant(Tensor.of(c, shape).to(theta.dtype()));
        return theta.mul(theta).mul(ac).mul(0.5).add(theta.mul(cc)).sum();
    }

    @Override
    public Var forward(Var input) {
        return loss();
    }
}
