package org.sonograd.nn;

import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * A trainable tensor of a {@link Module}: the tensor, owned by the parameter itself, and the leaf
 * {@link Var} through which forward passes read it and backward passes accumulate its gradient.
 *
 * <p><b>Ownership.</b> The constructor moves the storage of the given tensor (or of a contiguous
 * copy, when it is a strided view) into a detached
 * {@link MemoryScope} that belongs to this parameter, so the value survives every training-step
 * scope; {@link #release()} (or {@link Module#close()}) frees it. Optimisers update the value in
 * place ({@code tensor().assign(…)}), so the var, the module and any saved graph see one tensor.
 * The gradient, by contrast, is a temporary of the step that ran backward: it is released with that
 * step's scope, so call {@link #zeroGrad()} (or the optimiser's) before the next backward.
 *
 * <p><b>Substitution.</b> While {@link Module#call(java.util.Map, Var)} runs, {@link #var()} returns
 * the substituted var instead of the leaf, so a forward pass can run on θ' = θ − lr·g without
 * touching θ.
 */
public final class Parameter {
    private final MemoryScope memory = MemoryScope.detached();
    private Tensor tensor;
    private Var leaf;

    /** A parameter that takes ownership of {@code initial}'s storage and requires a gradient. */
    public Parameter(Tensor initial) {
        if (!initial.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Parameter: dtype " + initial.dtype() + " is not a floating-point type");
        }
        tensor = MemoryScope.keepIn(memory, initial.contiguous()); // fused optimiser updates need dense values
        leaf = Var.parameter(tensor);
    }

    /** The value (updated in place by optimisers). */
    public Tensor tensor() {
        return tensor;
    }

    /** The var a forward pass reads: the substitute inside a functional call, else the leaf. */
    public Var var() {
        Var substitute = ParameterSubstitution.lookup(this);
        return substitute != null ? substitute : leaf;
    }

    /** The leaf var, regardless of any substitution (what optimisers and look-ahead steps differentiate). */
    public Var leaf() {
        return leaf;
    }

    /** The gradient accumulated on the leaf by the last backward passes, or null. */
    public Var grad() {
        return leaf.grad();
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        leaf.zeroGrad();
    }

    /** True unless frozen. */
    public boolean requiresGrad() {
        return leaf.requiresGrad();
    }

    /** Freezes ({@code false}: the leaf becomes a constant, gradients stop here) or unfreezes the parameter. */
    public void setRequiresGrad(boolean requiresGrad) {
        if (requiresGrad != leaf.requiresGrad()) {
            leaf = requiresGrad ? Var.parameter(tensor) : Var.constant(tensor);
        }
    }

    /** Converts the value to another floating-point dtype (the gradient is dropped). */
    void convert(DType dtype) {
        if (dtype == tensor.dtype()) {
            return;
        }
        Tensor old = tensor;
        tensor = MemoryScope.keepIn(memory, old.to(dtype));
        old.release();
        leaf = leaf.requiresGrad() ? Var.parameter(tensor) : Var.constant(tensor);
    }

    /** Moves the value to {@code device} (the gradient is dropped). */
    void move(Device device) {
        if (device == tensor.device()) {
            return;
        }
        Tensor old = tensor;
        tensor = MemoryScope.keepIn(memory, old.to(device));
        old.release();
        leaf = leaf.requiresGrad() ? Var.parameter(tensor) : Var.constant(tensor);
    }

    /** Frees the value now. */
    public void release() {
        memory.close();
    }

    /** The shape of the value. */
    public long[] shape() {
        return tensor.shape();
    }

    /** The number of elements. */
    public long numel() {
        return tensor.numel();
    }
}
