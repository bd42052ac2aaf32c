package org.sonograd.tensor;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.KernelLauncher;

/**
 * The buffer behind one or more tensors (a tensor and all its views share one storage): off-heap host
 * memory, or device memory of a {@link Device#CUDA} launcher.
 * A storage belongs to exactly one {@link MemoryScope} and is released when that scope closes, or
 * earlier through {@link Tensor#release()}; touching it afterwards is an error, never a silent read
 * of reused memory.
 */
final class Storage {
    /** Storages created so far in this JVM: the next one's serial number. */
    private static final AtomicLong CREATED = new AtomicLong();

    private final long serial = CREATED.incrementAndGet();
    private final DType dtype;
    private final long elements;
    private MemorySegment segment;
    private final KernelLauncher launcher;  // null on the CPU
    private DeviceBuffer buffer;
    private MemoryScope owner;

    Storage(DType dtype, long elements, boolean zeroed) {
        this.dtype = dtype;
        this.elements = elements;
        long bytes = elements * dtype.byteSize();
        this.segment = zeroed ? CachingAllocator.global().allocateZeroed(bytes) : CachingAllocator.global().allocate(bytes);
        this.launcher = null;
        MemoryScope.current().adopt(this);
    }

    /** Uninitialised device memory on the CUDA launcher. */
    Storage(DType dtype, long elements, KernelLauncher launcher) {
        this.dtype = dtype;
        this.elements = elements;
        this.launcher = launcher;
        this.buffer = launcher.allocate(elements * dtype.byteSize());
        MemoryScope.current().adopt(this);
    }

    /** How many storages have been created so far. */
    static long created() {
        return CREATED.get();
    }

    /** This storage's position in creation order (1 for the first). */
    long serial() {
        return serial;
    }

    Device device() {
        return launcher == null ? Device.CPU : Device.CUDA;
    }

    KernelLauncher launcher() {
        return launcher;
    }

    /** The device memory of a CUDA storage. */
    DeviceBuffer buffer() {
        if (buffer == null) {
            throw new IllegalStateException("tensor storage of " + elements + " " + dtype
                    + " elements was used after it was released (its memory scope closed)");
        }
        return buffer;
    }

    DType dtype() {
        return dtype;
    }

    long elements() {
        return elements;
    }

    MemorySegment segment() {
        if (launcher != null) {
            throw new IllegalStateException("this op runs on the CPU but the tensor is on cuda (CUDA tensors support"
                    + " elementwise ops, matmul and reductions); move it with .to(Device.CPU)");
        }
        if (segment == null) {
            throw new IllegalStateException("tensor storage of " + elements + " " + dtype
                    + " elements was used after it was released (its memory scope closed)");
        }
        return segment;
    }

    boolean isReleased() {
        return launcher == null ? segment == null : buffer == null;
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
        if (buffer != null) {
            launcher.release(buffer);
            buffer = null;
        }
    }
}
