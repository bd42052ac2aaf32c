package org.sonograd.ssl.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sonograd.autograd.GradMode;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Buffer;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.LossFunctions;
import org.sonograd.nn.optim.Optimizer;
import org.sonograd.nn.optim.Sgd;
import org.sonograd.tensor.Tensor;

/**
 * Meta-USCL's meta step, a true second-order one-step look-ahead (Chen et al., TMI 2023, Alg. 1):
 * <ol>
 *   <li>L̂(θ, φ) = Σ_i w_i(φ)·ℓ_i(θ), ℓ_i the NT-Xent of pair i (both anchors), w = normalised CMW
 *   weights of the detached features concat(h1_i, h2_i);</li>
 *   <li>g = ∂L̂/∂θ with the graph of the backward pass recorded (createGraph);</li>
 *   <li>θ'(φ) = θ − lr·(μ·b + g + wd·θ): the main SGD's step with its current learning rate and its
 *   momentum buffer b as a constant ({@link Sgd#lookahead});</li>
 *   <li>L_meta(φ) = unweighted NT-Xent of θ' on the meta batch (two views of one frame of each
 *   held-out video), a functional call {@code model.withParameters(θ', …)}: batch norm runs in
 *   training mode with θ'’s γ and β, and its running statistics are restored afterwards (the virtual
 *   step must leave the model as it was);</li>
 *   <li>∂L_meta/∂φ by back-propagating through θ', g and the training graph; one Adam step on φ;</li>
 *   <li>w recomputed with the updated φ, without gradient; the returned loss L̂(θ, w) is what the
 *   trainer back-propagates into θ for the real SGD step (the training forward pass is reused).</li>
 * </ol>
 */
public final class MetaLookahead {
    private MetaLookahead() {}

    /**
     * The result of steps 1–4.
     *
     * @param metaLoss      L_meta(θ'(φ)), differentiable in φ
     * @param z1            projections of the first views
     * @param z2            projections of the second views
     * @param pairFeatures  concat(h1, h2) [N, 2F], detached
     * @param weights       the normalised weights w(φ) used in L̂
     */
    public record Lookahead(Var metaLoss, Var z1, Var z2, Var pairFeatures, Var weights) {}

    /**
     * The result of a whole meta step.
     *
     * @param loss      L̂(θ, w(φ_new)) with constant weights: back-propagate it and step the main optimiser
     * @param metaLoss  L_meta before φ's update
     * @param weights   the weights of {@code loss}
     */
    public record Outcome(Var loss, double metaLoss, double[] weights) {}

    /** Steps 1–4 on training views x1, x2 [N, 1, H, W] and meta views m1, m2 [M, 1, H, W]. */
    public static Lookahead lookahead(MetaUsclModel model, Sgd sgd, Var x1, Var x2, Var m1, Var m2, double temperature) {
        int n = Math.toIntExact(x1.size(0));
        MetaUsclModel.Embedding e = model.embed(Var.cat(List.of(x1, x2), 0));
        Var z1 = e.projections().slice(0, 0, n, 1);
        Var z2 = e.projections().slice(0, n, 2L * n, 1);
        Var h = e.features().detach();
        Var pairFeatures = Var.cat(List.of(h.slice(0, 0, n, 1), h.slice(0, n, 2L * n, 1)), 1);
        Var w = model.pairWeights(pairFeatures);
        // L̂ = Σ_i w_i ℓ_i
        Var weighted = LossFunctions.ntXent(z1, z2, temperature, w, null);
        // θ' = θ − lr·(μ·b + ∂L̂/∂θ + wd·θ), differentiable in φ through ∂L̂/∂θ
        Map<String, Var> stepped = sgd.lookahead(weighted);
        int m = Math.toIntExact(m1.size(0));
        Var metaLoss = keepingBuffers(model, () -> model.withParameters(stepped, () -> {
            Var zm = model.embed(Var.cat(List.of(m1, m2), 0)).projections();
            return LossFunctions.ntXent(zm.slice(0, 0, m, 1), zm.slice(0, m, 2L * m, 1), temperature, null, null);
        }));
        return new Lookahead(metaLoss, z1, z2, pairFeatures, w);
    }

    /** Steps 1–6; {@code weighting} is the Adam over the weighting network's parameters. */
    public static Outcome step(MetaUsclModel model, Sgd sgd, Optimizer weighting, Var x1, Var x2, Var m1, Var m2,
                               double temperature) {
        Lookahead l = lookahead(model, sgd, x1, x2, m1, m2, temperature);
        double metaLoss = l.metaLoss().item();
        // ∂L_meta/∂φ; the training graph is kept for the real step
        l.metaLoss().backward(null, false, true);
        sgd.zeroGrad(); // L_meta also reaches θ through θ' = θ − …: only φ's gradient is wanted here
        weighting.step();
        weighting.zeroGrad();
        Var w;
        try (GradMode off = GradMode.off()) {
            w = model.pairWeights(l.pairFeatures()).detach();
        }
        Var loss = LossFunctions.ntXent(l.z1(), l.z2(), temperature, w, null);
        return new Outcome(loss, metaLoss, w.value().contiguous().toDoubleArray());
    }

    /** Runs {@code body} and puts every buffer of {@code module} (batch-norm statistics) back as it was. */
    private static <T> T keepingBuffers(Module module, Supplier<T> body) {
        List<Buffer> buffers = new ArrayList<>(module.namedBuffers().values());
        List<Tensor> saved = new ArrayList<>();
        for (Buffer b : buffers) {
            saved.add(b.tensor().copy());
        }
        T out = body.get();
        try (GradMode off = GradMode.off()) {
            for (int i = 0; i < buffers.size(); i++) {
                buffers.get(i).tensor().assign(saved.get(i));
            }
        }
        return out;
    }
}
