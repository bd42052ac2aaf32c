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
import org.sonograd.tensor.Tensor;

/**
 * The reverse-mode engine: orders the graph behind some outputs topologically and runs each node's
 * backward rule once, summing the gradients that reach a var from several uses.
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
        try (GradMode mode = createGraph ? GradMode.on() : GradMode.off()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Var v = order.get(i);
                Var g = grads.get(v);
                Node node = v.node();
                if (g == null || node == null) {
                    continue;
                }
                Var[] inputGrads = node.backward(g, v);
                Var[] inputs = node.inputs();
                for (int j = 0; j < inputs.length; j++) {
                    if (inputGrads[j] == null || !inputs[j].requiresGrad()) {
                        continue;
                    }
                    checkShape(node, j, inputs[j], inputGrads[j]);
                    grads.merge(inputs[j], inputGrads[j], Var::add);
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
