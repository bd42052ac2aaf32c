package org.sonograd.kernels.cuda;

/** Raw device allocation, as the caching allocator sees it: blocks are named by long handles. */
interface DeviceMemory {
    /** Allocates {@code bytes} on the device and returns the block's handle; throws when the device is out of memory. */
    long allocate(long bytes);

    /** Frees a block returned by {@link #allocate}. */
    void free(long address);
}
