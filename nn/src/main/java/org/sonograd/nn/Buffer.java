package org.sonograd.nn;

import org.sonograd.kernels.DType;
import org.sonograd.tensor.Device;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * A non-trainable tensor of a {@link Module} that belongs to its state (batch-norm running
 * statistics, a step counter). Like a {@link Parameter} it owns its storage in a detached
 * {@link MemoryScope}, so it survives training-step scopes; it is updated in place
 * ({@code tensor().assign(…)}) and freed by {@link #release()} or {@link Module#close()}.
 */
public final class Buffer {
    private final MemoryScope memory = MemoryScope.detached();
    private Tensor tensor;

    /** A buffer that takes ownership of {@code initial}'s storage. */
    public Buffer(Tensor initial) {
        tensor = MemoryScope.keepIn(memory, initial);
    }

    /** The value. */
    public Tensor tensor() {
        return tensor;
    }

    /** Converts a floating-point value to another floating-point dtype; integer buffers stay as they are. */
    void convert(DType dtype) {
        if (dtype == tensor.dtype() || !tensor.dtype().isFloatingPoint()) {
            return;
        }
        Tensor old = tensor;
        tensor = MemoryScope.keepIn(memory, old.to(dtype));
        old.release();
    }

    /**
     * Moves a floating-point value to {@code device}; integer buffers (counters such as batch norm's
     * num_batches_tracked) stay on the CPU, since CUDA tensors compute in F32 only.
     */
    void move(Device device) {
        if (device == tensor.device() || !tensor.dtype().isFloatingPoint()) {
            return;
        }
        Tensor old = tensor;
        tensor = MemoryScope.keepIn(memory, old.to(device));
        old.release();
    }

    /** Frees the value now. */
    public void release() {
        memory.close();
    }
}
