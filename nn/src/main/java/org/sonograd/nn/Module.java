package org.sonograd.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.Tensor;

/**
 * A layer or a network: named {@link Parameter}s, named {@link Buffer}s and named child modules,
 * as in PyTorch's {@code nn.Module}. Names join with dots along the tree, so a ResNet's state dict
 * has torchvision's names ({@code layer1.0.conv1.weight}, {@code bn1.running_mean}, …) and loads a
 * state dict saved by PyTorch for the same architecture.
 *
 * <p>Subclasses register their state in the constructor ({@link #addParameter}, {@link #addBuffer},
 * {@link #addModule}) and implement {@link #forward}. Parameters and buffers own their memory (see
 * {@link Parameter}); {@link #close()} frees the whole tree.
 *
 * <p>{@link #call(Map, Var)} runs the forward pass with some parameters replaced by given vars and
 * leaves the module untouched: the functional form that a differentiable look-ahead step needs
 * (θ' = θ − lr·∇L(θ) flows into the forward pass, and the loss of θ' back-propagates into θ and
 * into whatever produced the step). Buffers are read and updated as in a normal forward pass.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The forward pass. */
    public abstract Var forward(Var input);

    // ---------------------------------------------------------------- registration

    /** Registers a trainable tensor under {@code name}, taking ownership of its storage. */
    protected final Parameter addParameter(String name, Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers a state tensor that is not trained (running statistics, counters). */
    protected final Buffer addBuffer(String name, Tensor initial) {
        checkName(name);
        Buffer b = new Buffer(initial);
        buffers.put(name, b);
        return b;
    }

    /** Registers a child module; its state appears under {@code name.}. */
    protected final <M extends Module> M addModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- functional call

    /**
     * {@link #forward} with the parameters named in {@code substitutes} (names as in
     * {@link #namedParameters()}) replaced by the given vars; the others are the module's own.
     * Nothing in the module changes.
     */
    public final Var call(Map<String, Var> substitutes, Var input) {
        return withParameters(substitutes, () -> forward(input));
    }

    /** Runs {@code body} (any forward computation of this module) with substituted parameters. */
    public final <T> T withParameters(Map<String, Var> substitutes, Supplier<T> body) {
        Map<String, Parameter> named = namedParameters();
        Map<Parameter, Var> byParameter = new IdentityHashMap<>();
        for (Map.Entry<String, Var> e : substitutes.entrySet()) {
            Parameter p = named.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".call: no parameter named '" + e.getKey()
                        + "' (parameters: " + abbreviate(named.keySet()) + ")");
            }
            Var v = e.getValue();
            if (!Arrays.equals(p.shape(), v.shape()) || p.tensor().dtype() != v.dtype()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".call: substitute for '" + e.getKey()
                        + "' is " + v.dtype() + " " + Shapes.format(v.shape()) + ", the parameter is "
                        + p.tensor().dtype() + " " + Shapes.format(p.shape()));
            }
            byParameter.put(p, v);
        }
        return ParameterSubstitution.with(byParameter, body);
    }

    // ---------------------------------------------------------------- named state

    /** Every parameter of the tree by dotted name, in registration order, each shared parameter once. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        walk("", (prefix, m) -> m.parameters.forEach((n, p) -> {
            if (seen.add(p)) {
                out.put(prefix + n, p);
            }
        }));
        return out;
    }

    /** The parameters of {@link #namedParameters()}, in the same order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer of the tree by dotted name. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> m.buffers.forEach((n, b) -> out.put(prefix + n, b)));
        return out;
    }

    /** This module (name "") and every descendant by dotted name. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    /** The direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Parameters and buffers by dotted name, in PyTorch's {@code state_dict} order (a module's own
     * parameters, then its buffers, then its children's state). The tensors are the module's own,
     * not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> {
            m.parameters.forEach((n, p) -> out.put(prefix + n, p.tensor()));
            m.buffers.forEach((n, b) -> out.put(prefix + n, b.tensor()));
        });
        return out;
    }

    /** Missing keys (in the module, not in the state) and unexpected keys (in the state, not in the module). */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /** Loads every parameter and buffer from {@code state}; fails unless the names match exactly. */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies {@code state} into the parameters and buffers of the same names (values converted to
     * each target's dtype). Shapes must match. With {@code strict}, missing or unexpected keys are an
     * error; either way nothing is copied unless every matching key has the right shape.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        String who = getClass().getSimpleName() + ".loadStateDict";
        List<String> missing = own.keySet().stream().filter(k -> !state.containsKey(k)).toList();
        List<String> unexpected = state.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new IllegalArgumentException(who + ": missing keys " + missing + ", unexpected keys " + unexpected);
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null && !Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(who + ": size mismatch for '" + e.getKey() + "': checkpoint has "
                        + Shapes.format(src.shape()) + ", the module has " + Shapes.format(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null) {
                e.getValue().assign(src);
            }
        }
        return new LoadResult(missing, unexpected);
    }

    // ---------------------------------------------------------------- modes

    /** Sets training mode on the whole tree (dropout active, batch-norm on batch statistics); returns this. */
    public final Module train(boolean on) {
        walk("", (prefix, m) -> m.training = on);
        return this;
    }

    /** Evaluation mode on the whole tree; returns this. */
    public final Module eval() {
        return train(false);
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Stops gradients at every parameter of the tree (they become constants). */
    public final void freeze() {
        namedParameters().values().forEach(p -> p.setRequiresGrad(false));
    }

    /** Makes every parameter of the tree trainable again. */
    public final void unfreeze() {
        namedParameters().values().forEach(p -> p.setRequiresGrad(true));
    }

    /** Calls {@code fn} on every descendant, children before parents (PyTorch's {@code apply}); returns this. */
    public final Module apply(Consumer<Module> fn) {
        for (Module child : children.values()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Converts every floating-point parameter and buffer to {@code dtype} (integer buffers stay); returns this. */
    public final Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: " + dtype + " is not floating-point");
        }
        namedParameters().values().forEach(p -> p.convert(dtype));
        namedBuffers().values().forEach(b -> b.convert(dtype));
        return this;
    }

    /**
     * Moves every parameter and floating-point buffer to {@code device} (gradients are dropped;
     * integer buffers, counters, stay on the CPU); returns this. An
     * optimiser keeps working when it has not stepped yet (it reads the parameters' new values);
     * one that has state must follow with {@code Optimizer.to(device)}, else its next step fails.
     */
    public final Module to(Device device) {
        namedParameters().values().forEach(p -> p.move(device));
        namedBuffers().values().forEach(b -> b.move(device));
        return this;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        namedParameters().values().forEach(Parameter::zeroGrad);
    }

    /** The total number of parameter elements. */
    public final long parameterCount() {
        return namedParameters().values().stream().mapToLong(Parameter::numel).sum();
    }

    /** Frees every parameter and buffer of the tree. */
    @Override
    public void close() {
        namedParameters().values().forEach(Parameter::release);
        namedBuffers().values().forEach(Buffer::release);
    }

    // ---------------------------------------------------------------- helpers

    private interface Visitor {
        void visit(String prefix, Module module);
    }

    /** Pre-order walk; {@code prefix} is "" for this module and "a.b." for descendant a.b. */
    private void walk(String prefix, Visitor visitor) {
        visitor.visit(prefix, this);
        children.forEach((name, child) -> child.walk(prefix + name + ".", visitor));
    }

    private static String abbreviate(Set<String> names) {
        Set<String> sorted = new TreeSet<>(names);
        return sorted.size() <= 8 ? sorted.toString() : new ArrayList<>(sorted).subList(0, 8) + " … (" + sorted.size() + ")";
    }
}
