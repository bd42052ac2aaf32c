package org.sonograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Second-order gradients against closed forms, for the tanh MLP L(x) = w2ᵀ tanh(W1 x + b1):
 * <pre>
 *   ∇ₓL  = W1ᵀ (w2 ⊙ (1 − t²)),                    t = tanh(W1 x + b1)
 *   H v  = W1ᵀ (w2 ⊙ (−2 t (1 − t²)) ⊙ (W1 v))
 *   ∂(∇ₓL · v)/∂W1 = (w2 ⊙ (1 − t²)) vᵀ + (w2 ⊙ (−2 t (1 − t²)) ⊙ (W1 v)) xᵀ
 * </pre>
 */
class HessianVectorProductTest {
    private static final int IN = 4;
    private static final int HIDDEN = 5;

    private final RandomStream rng = new RandomStream(42);
    private final double[] w1 = rng.normal(DType.F64, 0, 1, HIDDEN, IN).toDoubleArray();
    private final double[] b1 = rng.normal(DType.F64, 0, 1, HIDDEN).toDoubleArray();
    private final double[] w2 = rng.normal(DType.F64, 0, 1, HIDDEN).toDoubleArray();
    private final double[] x = rng.normal(DType.F64, 0, 1, IN).toDoubleArray();
    private final double[] v = rng.normal(DType.F64, 0, 1, IN).toDoubleArray();

    private Var loss(Var weight1, Var input) {
        Var hidden = weight1.matmul(input).add(Var.constant(Tensor.of(b1))).tanh();
        return hidden.mul(Var.constant(Tensor.of(w2))).sum();
    }

    private double[] t() {
        double[] t = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            double z = b1[j];
            for (int i = 0; i < IN; i++) {
                z += w1[j * IN + i] * x[i];
            }
            t[j] = Math.tanh(z);
        }
        return t;
    }

    private double[] w1Times(double[] u) {
        double[] out = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            for (int i = 0; i < IN; i++) {
                out[j] += w1[j * IN + i] * u[i];
            }
        }
        return out;
    }

    @Test
    void hessianVectorProductWithRespectToInput() {
        Var weight1 = Var.parameter(Tensor.of(w1, HIDDEN, IN));
        Var input = Var.parameter(Tensor.of(x));
        Var gradX = Autograd.grad(loss(weight1, input), List.of(input), true).getFirst();
        Var hv = Autograd.grad(gradX.mul(Var.constant(Tensor.of(v))).sum(), List.of(input), false).getFirst();

        double[] t = t();
        double[] w1v = w1Times(v);
        double[] expected = new double[IN];
        for (int j = 0; j < HIDDEN; j++) {
            double s = w2[j] * (-2 * t[j] * (1 - t[j] * t[j])) * w1v[j];
            for (int i = 0; i < IN; i++) {
                expected[i] += w1[j * IN + i] * s;
            }
        }
        assertArrayEquals(expected, hv.value().toDoubleArray(), 1e-12);
    }

    @Test
    void mixedSecondDerivativeWithRespectToWeights() {
        Var weight1 = Var.parameter(Tensor.of(w1, HIDDEN, IN));
        Var input = Var.parameter(Tensor.of(x));
        Var gradX = Autograd.grad(loss(weight1, input), List.of(input), true).getFirst();
        Var mixed = Autograd.grad(gradX.mul(Var.constant(Tensor.of(v))).sum(), List.of(weight1), false).getFirst();

        double[] t = t();
        double[] w1v = w1Times(v);
        double[] expected = new double[HIDDEN * IN];
        for (int j = 0; j < HIDDEN; j++) {
            double a = w2[j] * (1 - t[j] * t[j]);
            double b = w2[j] * (-2 * t[j] * (1 - t[j] * t[j])) * w1v[j];
            for (int i = 0; i < IN; i++) {
                expected[j * IN + i] = a * v[i] + b * x[i];
            }
        }
        assertArrayEquals(expected, mixed.value().toDoubleArray(), 1e-12);
    }
}
