package org.sonograd.nn.optim;

import java.util.List;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.Tensor;

/**
 * LARS (You et al., 2017), in the form of DINO's and SimCLR's reference code: for parameters with
 * more than one dimension,
 *
 * <pre>
 *   d = g + wd·θ
 *   d = d · η‖θ‖/‖d‖      (when both norms are positive; else unchanged)
 * </pre>
 *
 * while 1-D parameters (biases, norm scales) use d = g; then μ = m·μ + d and θ = θ − lr·μ. Slot:
 * {@code mu}.
 */
public final class Lars extends Optimizer {
    private final double momentum;
    private final double eta;

    /** LARS over {@code groups} with momentum {@code momentum} and trust coefficient {@code eta} (0.001 in DINO). */
    public Lars(List<ParamGroup> groups, double learningRate, double momentum, double eta) {
        super(groups, learningRate);
        this.momentum = momentum;
        this.eta = eta;
    }

    @Override
    protected void update(String name, Parameter parameter, Tensor grad, double lr, double weightDecay) {
        Tensor theta = parameter.tensor();
        Tensor d = grad;
        if (theta.rank() != 1) {
            d = d.add(theta.mul(weightDecay));
            double parameterNorm = Math.sqrt(theta.mul(theta).sum().item());
            double updateNorm = Math.sqrt(d.mul(d).sum().item());
            if (parameterNorm > 0 && updateNorm > 0) {
                d = d.mul(eta * parameterNorm / updateNorm);
            }
        }
        Tensor mu = slot(name, "mu");
        if (mu == null) {
            mu = newSlot(name, "mu", Tensor.zeros(theta.dtype(), theta.shape()));
        }
        mu.assign(mu.mul(momentum).add(d));
        theta.assign(theta.sub(mu.mul(lr)));
    }
}
