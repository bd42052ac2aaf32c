package org.sonograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.tensor.Tensor;

/**
 * The engine sums the gradients of a var used several times in place where no one else can see
 * them: the sums stay exact (the closed forms, in F64, to the bit), and neither the caller's seed nor
 * a gradient handed on to another var (add passes g through) nor a retained graph is disturbed.
 */
class InPlaceAccumulationTest {
    private static final Tensor C = Tensor.of(new double[] {0.5, -1.25, 3});
    private static final Tensor D = Tensor.of(new double[] {2, 0.75, -0.5});
    private static final Tensor E = Tensor.of(new double[] {-1.5, 4, 0.25});

    @Test
    void passedThroughGradientsAndTheSeedAreNeverWritten() {
        Var x = Var.parameter(Tensor.of(new double[] {1, -2, 0.3}));
        Var p = x.mul(Var.constant(C));
        Var w = x.mul(Var.constant(D));
        // out = (p + w) + w·e: add hands the seed G itself to p, to w and to w·e
        Var out = p.add(w).add(w.mul(Var.constant(E)));
        Tensor seed = Tensor.of(new double[] {0.7, -0.2, 1.9});
        double[] seedBefore = seed.toDoubleArray();
        List<Var> g = Autograd.grad(List.of(out), List.of(Var.constant(seed)), List.of(x, p, w), false, false);
        assertArrayEquals(seedBefore, seed.toDoubleArray(), "the caller's seed");
        assertArrayEquals(seedBefore, g.get(1).value().toDoubleArray(), "∂out/∂p = G, the seed passed through");
        // ∂w = G + G·e, ∂x = G·c + ∂w·d
        Tensor dw = seed.add(seed.mul(E));
        assertArrayEquals(dw.toDoubleArray(), g.get(2).value().toDoubleArray(), "∂out/∂w");
        assertArrayEquals(seed.mul(C).add(dw.mul(D)).toDoubleArray(), g.get(0).value().toDoubleArray(), "∂out/∂x");
    }

    @Test
    void aRetainedGraphGivesTheSameSumsTwice() {
        // y = Σ x·c + x·d + eˣ + x·e  =>  ∂y/∂x = c + d + eˣ + e
        Tensor xv = Tensor.of(new double[] {0.2, -1, 0.9});
        Var x = Var.parameter(xv);
        Var y = x.mul(Var.constant(C)).add(x.mul(Var.constant(D))).add(x.exp()).add(x.mul(Var.constant(E))).sum();
        double[] first = Autograd.grad(List.of(y), null, List.of(x), false, true).getFirst().value().toDoubleArray();
        double[] second = Autograd.grad(List.of(y), null, List.of(x), false, true).getFirst().value().toDoubleArray();
        assertArrayEquals(C.add(D).add(xv.exp()).add(E).toDoubleArray(), first, 1e-12);
        assertArrayEquals(first, second, "the second pass over the retained graph");
    }

    @Test
    void leafGradientsAccumulateAcrossCallsWithoutSharingBuffers() {
        Var x = Var.parameter(Tensor.of(new double[] {1, 2, -3}));
        x.mul(Var.constant(C)).add(x.mul(Var.constant(D))).sum().backward();
        Tensor afterFirst = x.grad().value();
        double[] firstValues = afterFirst.toDoubleArray();
        x.mul(Var.constant(E)).add(x.mul(Var.constant(C))).sum().backward();
        assertArrayEquals(C.add(D).toDoubleArray(), firstValues, "first backward");
        assertArrayEquals(firstValues, afterFirst.toDoubleArray(), "the first gradient tensor is not written by the second pass");
        assertArrayEquals(C.add(D).add(E.add(C)).toDoubleArray(), x.grad().value().toDoubleArray(), "accumulated");
    }
}
