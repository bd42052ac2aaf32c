package org.sonograd.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.Tensor;

/**
 * The reverse-mode engine: orders the graph behind some outputs topologically and runs each node's
 * backward rule once, summing the gradients that reach a var from several uses.
 *
 * <p>Without createGraph the sums are taken in place where that is safe: into a gradient that only
 * this var's entry can see, which is one the engine summed itself, or a contiguous CPU tensor whose
 * storage the rule created during its call and handed to no other input. A gradient passed through
 * (add, reshape and the like hand on g or a view of it), a seed from the caller, or anything made
 * before the rule ran may be seen elsewhere and is never written. The bits are those of
 * out-of-place sums in the same order (addition is commutative).
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Gradients of {@code outputs} with respect to {@code inputs} (torch.autograd.grad).
     *
     * @param gradOutputs  one cotangent per output, or null for ones (scalar outputs)
     * @param createGraph  record the backward pass itself, so the result can be differentiated again
     * @param retainGraph  keep the graph for another backward pass (implied by createGraph)
     * @return one gradient per input; an input the outputs do not depend on gets zeros
     */
    public static List<Var> grad(List<Var> outputs, List<Var> gradOutputs, List<Var> inputs,
                                 boolean createGraph, boolean retainGraph) {
        Map<Var, Var> grads = run(outputs, gradOutputs, createGraph, retainGraph);
        List<Var> result = new ArrayList<>();
        for (Var input : inputs) {
            Var g = grads.get(input);
            result.add(g != null ? g : Var.constant(Tensor.zeros(input.dtype(), input.shape()).to(input.value().device())));
        }
        return result;
    }

    /** Gradient of one scalar output with respect to some inputs. */
    public static List<Var> grad(Var output, List<Var> inputs, boolean createGraph) {
        return grad(List.of(output), null, inputs, createGraph, createGraph);
    }

    /** Back-propagates into the {@link Var#grad()} of every leaf that requires a gradient. */
    static void backward(Var output, Var gradOutput, boolean createGraph, boolean retainGraph) {
        Map<Var, Var> grads = run(List.of(output), gradOutput == null ? null : List.of(gradOutput), createGraph, retainGraph);
        try (GradMode mode = createGraph ? GradMode.on() : GradMode.off()) {
            for (Map.Entry<Var, Var> e : grads.entrySet()) {
                if (e.getKey().isLeaf() && e.getKey().requiresGrad()) {
                    e.getKey().accumulateGrad(e.getValue());
                }
            }
        }
    }

    private static Map<Var, Var> run(List<Var> outputs, List<Var> gradOutputs, boolean createGraph, boolean retainGraph) {
        Map<Var, Var> grads = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Var out = outputs.get(i);
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException("grad: output " + i + " does not require a gradient"
                        + " (no input of it is a parameter, or it was computed with GradMode off)");
            }
            Var seed = gradOutputs != null ? gradOutputs.get(i) : defaultSeed(out);
            grads.merge(out, seed, Var::add);
        }
        List<Var> order = topologicalOrder(outputs);
        // vars whose gradient in `grads` no one else can see (so it may be summed into in place)
        Set<Var> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        try (GradMode mode = createGraph ? GradMode.on() : GradMode.off()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Var v = order.get(i);
                Var g = grads.get(v);
                Node node = v.node();
                if (g == null || node == null) {
                    continue;
                }
                long mark = Tensor.storagesCreated();
                Var[] inputGrads = node.backward(g, v);
                Var[] inputs = node.inputs();
                for (int j = 0; j < inputs.length; j++) {
                    if (inputGrads[j] == null || !inputs[j].requiresGrad()) {
                        continue;
                    }
                    checkShape(node, j, inputs[j], inputGrads[j]);
                    if (createGraph) {
                        grads.merge(inputs[j], inputGrads[j], Var::add);
                    } else {
                        accumulate(grads, owned, inputs[j], inputGrads[j], privateGradient(inputGrads, j, mark));
                    }
                }
            }
        }
        if (!retainGraph && !createGraph) {
            for (Var v : order) {
                if (v.node() != null) {
                    v.node().release();
                }
            }
        }
        return grads;
    }

    /**
     * grads[input] += g without a graph: in place into the gradient already there when this var owns
     * it, else into g when g is private to this use ({@code gPrivate}), else into a new tensor (which
     * the var then owns).
     */
    private static void accumulate(Map<Var, Var> grads, Set<Var> owned, Var input, Var g, boolean gPrivate) {
        Var sum = grads.get(input);
        if (sum == null) {
            grads.put(input, g);
            if (gPrivate) {
                owned.add(input);
            }
        } else if (owned.contains(input) && summableInPlace(sum, g)) {
            sum.value().addInPlace(g.value());
        } else if (gPrivate && summableInPlace(g, sum)) {
            g.value().addInPlace(sum.value());
            grads.put(input, g);
            owned.add(input);
        } else {
            grads.put(input, sum.add(g));
            owned.add(input);
        }
    }

    /**
     * Whether inputGrads[j] is seen by no one else: a contiguous CPU tensor whose storage was created
     * after {@code mark} (during the rule's call) and is shared with no other gradient of the call.
     */
    private static boolean privateGradient(Var[] inputGrads, int j, long mark) {
        Tensor t = inputGrads[j].value();
        if (!t.allocatedAfter(mark) || !t.isContiguous() || t.device() != Device.CPU) {
            return false;
        }
        for (int k = 0; k < inputGrads.length; k++) {
            if (k != j && inputGrads[k] != null && inputGrads[k].value().sharesStorageWith(t)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code other} can be added into {@code target}'s tensor in place. */
    private static boolean summableInPlace(Var target, Var other) {
        Tensor t = target.value();
        Tensor o = other.value();
        return t.dtype() == o.dtype() && t.isContiguous() && t.device() == Device.CPU && o.device() == Device.CPU
                && !t.sharesStorageWith(o);
    }

    private static Var defaultSeed(Var out) {
        if (Shapes.numel(out.shape()) != 1) {
            throw new IllegalArgumentException("grad: output of shape " + Shapes.format(out.shape())
                    + " is not a scalar; pass a gradient for it");
        }
        return Var.constant(Tensor.ones(out.dtype(), out.shape()).to(out.value().device()));
    }

    private static void checkShape(Node node, int input, Var x, Var g) {
        if (!Arrays.equals(x.shape(), g.shape())) {
            throw new IllegalStateException("backward of '" + node.op() + "' returned a gradient of shape "
                    + Shapes.format(g.shape()) + " for input " + input + " of shape " + Shapes.format(x.shape()));
        }
    }

    /** Vars reachable from the outputs, each after all the vars it depends on (iterative DFS). */
    private static List<Var> topologicalOrder(List<Var> outputs) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {var, next input index}
        for (Var out : outputs) {
            if (visited.add(out)) {
                stack.push(new Object[] {out, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Var v = (Var) frame[0];
                int next = (Integer) frame[1];
                Var[] inputs = v.node() == null ? new Var[0] : v.node().inputs();
                if (next < inputs.length) {
                    frame[1] = next + 1;
                    Var in = inputs[next];
                    if (in.requiresGrad() && visited.add(in)) {
                        stack.push(new Object[] {in, 0});
                    }
                } else {
                    stack.pop();
                    order.add(v);
                }
            }
        }
        return order;
    }
}
