package org.sonograd.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.Autograd;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.OptimizerStep;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.OptimizerUpdates;
import org.sonograd.tensor.Tensor;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
 * exactly as {@code torch.optim.SGD} (1.13):
 *
 * <pre>
 *   d = g + wd·θ
 *   b = d                       (first step)
 *   b = μ·b + (1 − τ)·d         (later steps; τ = dampening)
 *   d = d + μ·b  (Nesterov)  or  d = b
 *   θ = θ − lr·d
 * </pre>
 *
 * The update runs as one fused pass ({@link OptimizerUpdates#sgd}). {@link #lookahead} builds the same step as a differentiable function of θ and of g, for
 * Meta-USCL's one-step look-ahead (the momentum buffer enters as a constant).
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    /** SGD over {@code groups}; {@code momentum} 0 disables the buffer. */
    public Sgd(List<ParamGroup> groups, double learningRate, double momentum, double dampening, boolean nesterov) {
        super(groups, learningRate);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    /** SGD over one group with weight decay {@code weightDecay} and no dampening. */
    public Sgd(Map<String, Parameter> parameters, double learningRate, double momentum, double weightDecay, boolean nesterov) {
        this(List.of(ParamGroup.of(parameters, weightDecay)), learningRate, momentum, 0, nesterov);
    }

    @Override
    protected void update(String name, Parameter parameter, Tensor grad, double lr, double weightDecay) {
        Tensor buffer = null;
        boolean first = false;
        if (momentum != 0) {
            buffer = slot(name, "momentum_buffer");
            if (buffer == null) {
                buffer = newSlot(name, "momentum_buffer", Tensor.zeros(grad.dtype(), parameter.shape()).to(grad.device()));
                first = true;
            }
        }
        OptimizerUpdates.sgd(parameter.tensor(), grad, buffer,
                new OptimizerStep.Sgd(lr, weightDecay, momentum, dampening, nesterov, first));
    }

    /**
     * The update of {@link #step()} as vars, without changing anything: for every parameter named
     * in {@code grads}, θ' = θ − lr·d with d built from g as in the class comment, θ being the
     * parameter's leaf and the current momentum buffer a constant. When the grads were computed with
     * {@code createGraph}, a loss of θ' (evaluated through {@code Module.call}) differentiates back
     * through θ' into θ and into whatever the training loss depended on.
     */
    public Map<String, Var> lookahead(Map<String, Var> grads) {
        Map<String, Var> out = new LinkedHashMap<>();
        for (ParamGroup g : groups()) {
            double lr = learningRate() * g.lrScale();
            double weightDecay = g.weightDecay();
            for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                Var grad = grads.get(e.getKey());
                if (grad == null) {
                    continue;
                }
                Var theta = e.getValue().leaf();
                Var d = weightDecay != 0 ? grad.add(theta.mul(weightDecay)) : grad;
                if (momentum != 0) {
                    Tensor buffer = slot(e.getKey(), "momentum_buffer");
                    Var b = buffer == null ? d : Var.constant(buffer).mul(momentum).add(d.mul(1 - dampening));
                    d = nesterov ? d.add(b.mul(momentum)) : b;
                }
                out.put(e.getKey(), theta.sub(d.mul(lr)));
            }
        }
        for (String name : grads.keySet()) {
            if (!out.containsKey(name)) {
                throw new IllegalArgumentException("Sgd.lookahead: '" + name + "' is not a parameter of this optimiser");
            }
        }
        return out;
    }

    /**
     * θ' = one SGD step on {@code loss}: the gradients of the loss with respect to every trainable
     * parameter, taken with {@code createGraph} so that θ' stays differentiable in everything the loss
     * depended on, then {@link #lookahead(Map)}.
     */
    public Map<String, Var> lookahead(Var loss) {
        List<String> names = new ArrayList<>();
        List<Var> leaves = new ArrayList<>();
        for (ParamGroup g : groups()) {
            g.parameters().forEach((n, p) -> {
                if (p.requiresGrad()) {
                    names.add(n);
                    leaves.add(p.leaf());
                }
            });
        }
        List<Var> grads = Autograd.grad(loss, leaves, true);
        Map<String, Var> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), grads.get(i));
        }
        return lookahead(byName);
    }
}
