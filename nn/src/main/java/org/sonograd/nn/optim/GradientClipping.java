package org.sonograd.nn.optim;

import java.util.Collection;
import org.sonograd.autograd.GradMode;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_} (1.13). */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Scales every gradient in place by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the L2 norm of
     * all gradients together, √(Σ_p ‖g_p‖²). Parameters without a gradient are skipped.
     *
     * @return the global norm before clipping (the value to log)
     */
    public static double clipByGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        double sumOfSquares = 0;
        try (GradMode off = GradMode.off(); MemoryScope temporaries = MemoryScope.open()) {
            for (Parameter p : parameters) {
                if (p.grad() != null) {
                    Tensor g = p.grad().value();
                    double norm = Math.sqrt(g.mul(g).sum().item());
                    sumOfSquares += norm * norm;
                }
            }
            double total = Math.sqrt(sumOfSquares);
            double scale = Math.min(1, maxNorm / (total + 1e-6));
            if (scale < 1) {
                for (Parameter p : parameters) {
                    if (p.grad() != null) {
                        Tensor g = p.grad().value();
                        g.assign(g.mul(scale));
                    }
                }
            }
            return total;
        }
    }
}
