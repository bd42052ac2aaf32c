package org.sonograd.autograd;

/**
 * The backward half of a rule: given the gradient flowing into an op's output (and the output
 * itself), returns the gradient of each input, or null for an input that gets none. It is written
 * with differentiable {@link Var} ops, so that with {@code createGraph} the gradient is itself part of
 * a graph and can be differentiated again.
 */
@FunctionalInterface
public interface Backward {
    /** Gradients of the inputs, in the order the op received them. */
    Var[] apply(Var gradOutput, Var output);
}
