package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;

/**
 * The off-heap buffer behind one or more tensors (a tensor and all its views share one storage).
 * A storage belongs to exactly one {@link MemoryScope} and is released when that scope closes, or
 * earlier through {@link Tensor#release()}; touching it afterwards is an error, never a silent read
 * of reused memory.
 */
final class Storage {
    private final DType dtype;
    private final long elements;
    private MemorySegment segment;
    private MemoryScope owner;

    Storage(DType dtype, long elements, boolean zeroed) {
        this.dtype = dtype;
        this.elements = elements;
        long bytes = elements * dtype.byteSize();
        this.segment = zeroed ? CachingAllocator.global().allocateZeroed(bytes) : CachingAllocator.global().allocate(bytes);
        MemoryScope.current().adopt(this);
    }

    DType dtype() {
        return dtype;
    }

    long elements() {
        return elements;
    }

    MemorySegment segment() {
        if (segment == null) {
            throw new IllegalStateException("tensor storage of " + elements + " " + dtype
                    + " elements was used after it was released (its memory scope closed)");
        }
        return segment;
    }

    boolean isReleased() {
        return segment == null;
    }

    MemoryScope owner() {
        return owner;
    }

    void setOwner(MemoryScope owner) {
        this.owner = owner;
    }

    /** Gives the memory back to the allocator; idempotent. */
    void release() {
        if (segment != null) {
            CachingAllocator.global().release(segment);
            segment = null;
        }
    }
}
