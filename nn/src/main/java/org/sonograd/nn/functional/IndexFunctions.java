package org.sonograd.nn.functional;

import org.sonograd.autograd.Functions;
import org.sonograd.autograd.Graph;
import org.sonograd.autograd.Var;
import org.sonograd.tensor.Selection;
import org.sonograd.tensor.Tensor;

/** Selections and scans with gradients: top-k values and cumulative sums. */
public final class IndexFunctions {
    private IndexFunctions() {}

    /**
     * The k largest (or smallest) values along dim, sorted (torch.topk's values; the indices are
     * {@link Selection#topK}'s).  ∂x = g scattered back to the selected positions.
     */
    public static Var topK(Var x, int k, int dim, boolean largest) {
        Selection.TopK top = Selection.topK(x.value(), k, dim, largest);
        int d = x.value().normalizeDim("topK", dim);
        return Graph.record("topK", top.values(), (g, out) -> new Var[] {
                Functions.scatterAdd(Var.constant(Tensor.zeros(x.dtype(), x.shape())), d, top.indices(), g)}, x);
    }

    /** Cumulative sum along dim, or from the end when {@code reverse}.  ∂x = cumsum of g in the other direction. */
    public static Var cumsum(Var x, int dim, boolean reverse) {
        return Graph.record("cumsum", Selection.cumsum(x.value(), dim, reverse),
                (g, out) -> new Var[] {cumsum(g, dim, !reverse)}, x);
    }
}
