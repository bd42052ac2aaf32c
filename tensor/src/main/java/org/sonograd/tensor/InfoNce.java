package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.InfoNceKernels;
import org.sonograd.kernels.Shapes;

/**
 * Tensor entry of the fused InfoNCE kernel ({@link InfoNceKernels}): per-anchor losses
 * ℓ_i = log Σ_j μ_ij e^{a_i·b_j/τ} − a_i·b_{p(i)}/τ and, on request, the gradients of Σ_i w_i ℓ_i.
 * No gradients are recorded here; the autograd rule in {@code nn} builds on this.
 */
public final class InfoNce {
    private InfoNce() {}

    /**
     * Losses [n] and, when {@code withGradients}, ∂L/∂anchors [n, d] and ∂L/∂candidates [m, d] of
     * L = Σ_i w_i ℓ_i (gradients null otherwise).
     */
    public record Result(Tensor losses, Tensor gradAnchors, Tensor gradCandidates) {}

    /**
     * @param anchors       A [n, d], F32 or F64
     * @param candidates    B [m, d], same dtype
     * @param positives     p(i) ∈ [0, m) per anchor
     * @param pairWeights   μ [n, m] for non-positive pairs (0 masks a false negative), or null for ones
     * @param anchorWeights w [n], or null for ones
     * @param temperature   τ > 0
     * @param excludeSelf   drop the pair (i, i) unless it is the positive (the two-view SimCLR form)
     */
    public static Result lossAndGradients(Tensor anchors, Tensor candidates, long[] positives, Tensor pairWeights,
                                          Tensor anchorWeights, double temperature, boolean excludeSelf,
                                          boolean withGradients) {
        DType t = anchors.dtype();
        if (anchors.rank() != 2 || candidates.rank() != 2 || candidates.dtype() != t || !t.isFloatingPoint()
                || anchors.size(1) != candidates.size(1)) {
            throw new IllegalArgumentException("infoNce: anchors " + Shapes.format(anchors.shapeRef()) + " " + anchors.dtype()
                    + " and candidates " + Shapes.format(candidates.shapeRef()) + " " + candidates.dtype()
                    + " must be [n, d] and [m, d] of one float dtype");
        }
        int n = Math.toIntExact(anchors.size(0));
        int m = Math.toIntExact(candidates.size(0));
        int d = Math.toIntExact(anchors.size(1));
        checkShape("pairWeights", pairWeights, n, m);
        checkShape("anchorWeights", anchorWeights, n);
        Tensor losses = Tensor.empty(t, n);
        Tensor gradA = withGradients ? Tensor.empty(t, n, d) : null;
        Tensor gradB = withGradients ? Tensor.empty(t, m, d) : null;
        InfoNceKernels.lossAndGradients(t, n, m, d, temperature, excludeSelf, dense(anchors, t), dense(candidates, t),
                positives, pairWeights == null ? null : dense(pairWeights, t),
                anchorWeights == null ? null : dense(anchorWeights, t), dense(losses, t),
                gradA == null ? null : dense(gradA, t), gradB == null ? null : dense(gradB, t));
        return new Result(losses, gradA, gradB);
    }

    private static void checkShape(String name, Tensor x, long... shape) {
        if (x != null && !java.util.Arrays.equals(x.shapeRef(), shape)) {
            throw new IllegalArgumentException("infoNce: " + name + " has shape " + Shapes.format(x.shapeRef())
                    + ", expected " + Shapes.format(shape));
        }
    }

    /** The row-major elements of x in dtype t, as a segment starting at element 0. */
    static MemorySegment dense(Tensor x, DType t) {
        Tensor c = x.to(t).contiguous();
        return c.storage().segment().asSlice(c.offset() * t.byteSize(), c.numel() * t.byteSize());
    }
}
