package org.sonograd.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.RandomStream;
import org.sonograd.tensor.Tensor;

/**
 * Numerical checks of the rule table in float64, like torch.autograd.gradcheck.
 *
 * <p>{@link #gradcheck} projects the output on a random cotangent v, s(x) = Σ v·f(x), and compares
 * the analytical gradient ∂s/∂x from backward with central differences
 * (s(x + h·eᵢ) − s(x − h·eᵢ)) / 2h for every element i of every input. {@link #gradgradcheck} runs
 * the same check on the function x ↦ ∂(Σ v·f(x))/∂x built with {@code createGraph}, which exercises
 * every backward rule's own backward.
 */
public final class GradCheck {
    private static final double STEP = 1e-6;
    private static final double ABS_TOL = 1e-5;
    private static final double REL_TOL = 1e-3;

    private GradCheck() {}

    /**
     * Names of the rules of a rule table: its public static methods that return a {@link Var}. Tests
     * compare this set with their gradcheck cases, so a rule without a check fails the build.
     */
    public static java.util.SortedSet<String> ruleNames(Class<?> ruleTable) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : ruleTable.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (java.lang.reflect.Modifier.isPublic(mod) && java.lang.reflect.Modifier.isStatic(mod) && m.getReturnType() == Var.class) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** The largest mismatch found, for reporting. */
    public record Result(boolean passed, String worst) {}

    /** Checks first derivatives of f at the given F64 inputs. */
    public static Result gradcheck(Function<List<Var>, Var> f, List<Tensor> inputs) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.F64) {
                throw new IllegalArgumentException("gradcheck: inputs must be F64, got " + t.dtype());
            }
        }
        List<Var> vars = inputs.stream().map(Var::parameter).toList();
        Var out = f.apply(vars);
        Tensor cotangent = new RandomStream(1234).normal(DType.F64, 0, 1, out.shape());
        Var projected = out.mul(Var.constant(cotangent)).sum();
        List<Var> analytic = Autograd.grad(projected, vars, false);

        double worstError = 0;
        String worst = "all gradients match";
        for (int k = 0; k < inputs.size(); k++) {
            double[] base = inputs.get(k).toDoubleArray();
            double[] grad = analytic.get(k).value().toDoubleArray();
            for (int i = 0; i < base.length; i++) {
                double numeric = (project(f, inputs, k, i, base, STEP, cotangent)
                        - project(f, inputs, k, i, base, -STEP, cotangent)) / (2 * STEP);
                double error = Math.abs(numeric - grad[i]);
                double allowed = ABS_TOL + REL_TOL * Math.abs(numeric);
                if (error / allowed > worstError) {
                    worstError = error / allowed;
                    worst = "input " + k + " element " + i + ": analytical " + grad[i] + " vs numerical " + numeric;
                }
            }
        }
        return new Result(worstError <= 1, worst);
    }

    /**
     * Checks second derivatives: gradcheck of (x, v) ↦ ∂(Σ v·f(x))/∂x, with the cotangent v as an
     * input too (as torch's gradgradcheck does), so rules whose gradient does not depend on x are
     * still checked through their dependence on v.
     */
    public static Result gradgradcheck(Function<List<Var>, Var> f, List<Tensor> inputs) {
        Tensor cotangent;
        try (GradMode off = GradMode.off()) {
            Var probe = f.apply(inputs.stream().map(Var::constant).toList());
            cotangent = new RandomStream(99).normal(DType.F64, 0, 1, probe.shape());
        }
        int n = inputs.size();
        Function<List<Var>, Var> firstDerivative = vars -> {
            List<Var> xs = vars.subList(0, n);
            Var projected = f.apply(xs).mul(vars.get(n)).sum();
            List<Var> grads = Autograd.grad(projected, xs, true);
            List<Var> flat = new ArrayList<>();
            for (Var g : grads) {
                flat.add(g.reshape(Shapes.numel(g.shape())));
            }
            return Var.cat(flat, 0);
        };
        List<Tensor> withCotangent = new ArrayList<>(inputs);
        withCotangent.add(cotangent);
        return gradcheck(firstDerivative, withCotangent);
    }

    /** s(x) with element i of input k moved by delta (parameters, so that f may itself differentiate). */
    private static double project(Function<List<Var>, Var> f, List<Tensor> inputs, int k, int i,
                                  double[] base, double delta, Tensor cotangent) {
        try (MemoryScope scope = MemoryScope.open()) {
            double[] moved = base.clone();
            moved[i] += delta;
            List<Var> vars = new ArrayList<>();
            for (int j = 0; j < inputs.size(); j++) {
                vars.add(Var.parameter(j == k ? Tensor.of(moved, inputs.get(k).shape()) : inputs.get(j)));
            }
            return f.apply(vars).value().mul(cotangent).sum().item();
        }
    }
}
