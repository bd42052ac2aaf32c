package org.sonograd.nn.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.Shapes;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * Base of the optimisers: parameter groups, a current learning rate (set by a schedule), per-
 * parameter state tensors ("slots", e.g. a momentum buffer) and their checkpoint form.
 *
 * <p><b>Ownership.</b> Slots live in a detached {@link MemoryScope} owned by the optimiser, so they
 * outlive the training-step scopes; {@link #close()} frees them. {@link #step()} updates parameters
 * and slots in place and frees its temporaries before it returns, parameter by parameter.
 *
 * <p><b>Checkpoints.</b> {@link #stateDict()} names slots {@code state.<parameter name>.<slot>}
 * (e.g. {@code state.layer1.0.conv1.weight.momentum_buffer}) plus {@code step}; the learning rate
 * is not stored, because schedules recompute it from the step.
 */
public abstract class Optimizer implements AutoCloseable {
    private final List<ParamGroup> groups;
    private final MemoryScope memory = MemoryScope.detached();
    private final Map<String, Map<String, Tensor>> slots = new LinkedHashMap<>();
    private double learningRate;
    private long steps;

    /** An optimiser over {@code groups} (parameter names must be unique across groups) at learning rate {@code learningRate}. */
    protected Optimizer(List<ParamGroup> groups, double learningRate) {
        this.groups = List.copyOf(groups);
        this.learningRate = learningRate;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ParamGroup g : this.groups) {
            for (String n : g.parameters().keySet()) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + n
                            + "' appears in more than one group");
                }
            }
        }
    }

    /**
     * Updates one parameter from its gradient. Runs with grad mode off inside a memory scope that
     * is closed afterwards, so temporaries need no care; state that must persist goes into slots.
     */
    protected abstract void update(String name, Parameter parameter, Tensor grad, double lr, double weightDecay);

    /** Applies one update to every trainable parameter that has a gradient. */
    public final void step() {
        try (GradMode off = GradMode.off()) {
            for (ParamGroup g : groups) {
                double lr = learningRate * g.lrScale();
                for (Map.Entry<String, Parameter> e : g.parameters().entrySet()) {
                    Parameter p = e.getValue();
                    if (!p.requiresGrad() || p.grad() == null) {
                        continue;
                    }
                    requireStateOn(e.getKey(), p.tensor().device());
                    try (MemoryScope temporaries = MemoryScope.open()) {
                        update(e.getKey(), p, p.grad().value(), lr, g.weightDecay());
                    }
                }
            }
        }
        steps++;
    }

    /**
     * Moves every floating-point slot (momentum, moments) to {@code device}; per-parameter step
     * counters stay on the CPU. Needed only when a model moves after its optimiser has stepped: the
     * convention (PyTorch's) is to move the model first and create the optimiser afterwards.
     */
    public final Optimizer to(Device device) {
        for (Map<String, Tensor> s : slots.values()) {
            for (Map.Entry<String, Tensor> e : s.entrySet()) {
                Tensor old = e.getValue();
                if (old.dtype().isFloatingPoint() && old.device() != device) {
                    e.setValue(MemoryScope.keepIn(memory, old.to(device)));
                    old.release();
                }
            }
        }
        return this;
    }

    /** Fails, naming both devices, when the floating-point slots of {@code name} are not on {@code device}. */
    private void requireStateOn(String name, Device device) {
        Map<String, Tensor> s = slots.get(name);
        if (s == null) {
            return;
        }
        for (Map.Entry<String, Tensor> e : s.entrySet()) {
            Device at = e.getValue().device();
            if (e.getValue().dtype().isFloatingPoint() && at != device) {
                throw new IllegalStateException(getClass().getSimpleName() + ".step: parameter '" + name + "' is on "
                        + device.label() + " but its state '" + e.getKey() + "' is on " + at.label()
                        + "; move the optimiser with .to(Device." + device.name() + ") after moving the model");
            }
        }
    }

    /** Clears the gradients of every parameter of every group. */
    public final void zeroGrad() {
        groups.forEach(g -> g.parameters().values().forEach(Parameter::zeroGrad));
    }

    /** The groups. */
    public final List<ParamGroup> groups() {
        return groups;
    }

    /** The current base learning rate (each group multiplies it by its scale). */
    public final double learningRate() {
        return learningRate;
    }

    /** Sets the base learning rate, e.g. {@code opt.setLearningRate(schedule.at(step))}. */
    public final void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /** Number of {@link #step()} calls so far (restored by {@link #loadStateDict}). */
    public final long stepCount() {
        return steps;
    }

    // ---------------------------------------------------------------- slots

    /** The slot {@code slot} of parameter {@code name}, or null before it is created. */
    protected final Tensor slot(String name, String slot) {
        Map<String, Tensor> s = slots.get(name);
        return s == null ? null : s.get(slot);
    }

    /** Creates slot {@code slot} of parameter {@code name} holding a copy of {@code initial}. */
    protected final Tensor newSlot(String name, String slot, Tensor initial) {
        Tensor owned = MemoryScope.keepIn(memory, initial.copy());
        slots.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(slot, owned);
        return owned;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * The optimiser state: {@code step} (a 0-d I64 tensor in the current scope) and every slot as
     * {@code state.<parameter>.<slot>} (the live slot tensors, not copies).
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.ofLongs(new long[] {steps}, 1).reshape());
        slots.forEach((param, s) -> s.forEach((slot, t) -> out.put("state." + param + "." + slot, t)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Restores a state saved by {@link #stateDict()} of an optimiser of the same kind over parameters
     * of the same names and shapes. Keys that name no parameter, or slots of the wrong shape, are errors.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        String who = getClass().getSimpleName() + ".loadStateDict";
        Map<String, Parameter> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.putAll(g.parameters()));
        Tensor step = state.get("step");
        if (step == null) {
            throw new IllegalArgumentException(who + ": missing key 'step'");
        }
        Map<String, Map<String, Tensor>> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("step")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String param = key.startsWith("state.") && dot > 6 ? key.substring(6, dot) : null;
            Parameter p = param == null ? null : byName.get(param);
            if (p == null) {
                throw new IllegalArgumentException(who + ": unexpected key '" + key
                        + "' (expected 'step' or 'state.<parameter name>.<slot>' for a parameter of this optimiser)");
            }
            String slot = key.substring(dot + 1);
            Tensor t = e.getValue();
            long[] expected = slot.equals("step") ? new long[0] : p.shape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new IllegalArgumentException(who + ": size mismatch for '" + key + "': checkpoint has "
                        + Shapes.format(t.shape()) + ", expected " + Shapes.format(expected));
            }
            loaded.computeIfAbsent(param, k -> new LinkedHashMap<>()).put(slot, t);
        }
        slots.values().forEach(s -> s.values().forEach(Tensor::release));
        slots.clear();
        loaded.forEach((param, s) -> s.forEach((slot, t) -> {
            Tensor value = byName.get(param).tensor();
            newSlot(param, slot, slot.equals("step") ? t : t.to(value.dtype()).to(value.device()));
        }));
        steps = (long) step.item();
    }

    /** Frees every slot. */
    @Override
    public void close() {
        memory.close();
    }
}
