package org.sonograd.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import java.lang.foreign.MemorySegment;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Page-locked host memory for staging copies: the driver can DMA it directly, so copies from and to
 * it run asynchronously on a stream and overlap with kernels, which copies from pageable memory cannot.
 * The host side is a {@link MemorySegment}, so kernels and readers fill it like any off-heap buffer.
 * Never executed here (no GPU); see docs/cuda.md.
 */
public final class PinnedHostBuffer implements AutoCloseable {
    private final Pointer host = new Pointer();
    private final long bytes;
    private final MemorySegment segment;

    /** {@code bytes} of pinned host memory. */
    public PinnedHostBuffer(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("PinnedHostBuffer: size " + bytes + " must be positive");
        }
        cuMemAllocHost(host, bytes);
        this.bytes = bytes;
        this.segment = MemorySegment.ofBuffer(host.getByteBuffer(0, bytes));
    }

    /** The host view of the buffer. */
    public MemorySegment segment() {
        return segment;
    }

    /** Queues a copy of the whole buffer to device memory {@code device} on {@code stream}. */
    public void uploadAsync(CUdeviceptr device, CudaStream stream) {
        cuMemcpyHtoDAsync(device, host, bytes, stream.handle());
    }

    /** Queues a copy of {@code bytes()} bytes from device memory {@code device} into the buffer on {@code stream}. */
    public void downloadAsync(CUdeviceptr device, CudaStream stream) {
        cuMemcpyDtoHAsync(host, device, bytes, stream.handle());
    }

    /** Size in bytes. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        cuMemFreeHost(host);
    }
}
