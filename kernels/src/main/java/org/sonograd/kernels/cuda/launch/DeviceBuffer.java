package org.sonograd.kernels.cuda.launch;

/**
 * A range of device memory handed out by a {@link KernelLauncher}: {@code bytes} from {@code offset}
 * bytes into the allocation {@code handle}. The handle means something only to the launcher that
 * allocated it (a driver allocator handle, or the host address of emulated memory).
 */
public record DeviceBuffer(long handle, long offset, long bytes) {
    /** The number of 4-byte elements (F32 or I32) the buffer holds. */
    public long elements() {
        return bytes / 4;
    }

    /** The sub-range of {@code count} 4-byte elements starting at element {@code from}. */
    public DeviceBuffer slice(long from, long count) {
        if (from < 0 || count < 0 || 4 * (from + count) > bytes) {
            throw new IndexOutOfBoundsException("device buffer of " + elements() + " elements: slice [" + from + ", "
                    + (from + count) + ")");
        }
        return new DeviceBuffer(handle, offset + 4 * from, 4 * count);
    }
}
