package org.sonograd.autograd;

/**
 * One recorded op application in the graph: its name, its inputs and the backward rule closed over
 * whatever the forward pass saved. {@link #release()} drops the saved state after a backward pass
 * that did not ask to retain the graph.
 */
final class Node {
    private final String op;
    private final Var[] inputs;
    private Backward backward;

    Node(String op, Var[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    String op() {
        return op;
    }

    Var[] inputs() {
        return inputs;
    }

    Var[] backward(Var gradOutput, Var output) {
        if (backward == null) {
            throw new IllegalStateException("backward through '" + op + "' a second time: its graph was freed by the"
                    + " first backward pass; pass retainGraph=true to keep it");
        }
        return backward.apply(gradOutput, output);
    }

    void release() {
        backward = null;
    }
}
