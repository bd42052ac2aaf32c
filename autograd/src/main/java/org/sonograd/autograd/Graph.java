package org.sonograd.autograd;

import org.sonograd.tensor.Tensor;

/**
 * How a rule enters the graph. Rule tables ({@link Functions} here, and the ones of higher modules
 * such as convolutions and losses in {@code nn}) compute their forward on tensors and hand the
 * result to {@link #record} together with their backward.
 */
public final class Graph {
    private Graph() {}

    /**
     * The result of op {@code op}: a var that remembers its inputs and its backward rule when grad
     * mode is on and any input requires a gradient, else a constant.
     */
    public static Var record(String op, Tensor value, Backward backward, Var... inputs) {
        boolean needsGrad = false;
        if (GradMode.isEnabled()) {
            for (Var v : inputs) {
                needsGrad |= v.requiresGrad();
            }
        }
        return needsGrad ? new Var(value, new Node(op, inputs, backward)) : Var.constant(value);
    }
}
