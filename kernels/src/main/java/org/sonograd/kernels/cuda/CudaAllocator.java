package org.sonograd.kernels.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching device allocator, like the CPU's CachingAllocator: requests are rounded up to a size
 * class (multiples of 512 bytes up to 1 MiB, then of 2 MiB), released blocks go to a free list of
 * their class and are handed out again without a driver call. Blocks are identified by the long handles
 * that {@link DeviceMemory} hands out. {@link #liveBytes()} counts blocks in
 * use, {@link #peakBytes()} the most ever in use, {@link #cachedBytes()} blocks held for reuse; when
 * the device runs out of memory the cache is emptied and the allocation retried once.
 */
public final class CudaAllocator {
    private final DeviceMemory memory;
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
    private final Map<Long, Long> sizeOf = new HashMap<>();  // every block this allocator holds
    private final HashSet<Long> inUse = new HashSet<>();
    private long live;
    private long peak;
    private long cached;

    CudaAllocator(DeviceMemory memory) {
        this.memory = memory;
    }

    /** The size class a request of {@code bytes} is served from. */
    static long sizeClass(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("cuda allocator: cannot allocate " + bytes + " bytes");
        }
        long step = bytes <= (1L << 20) ? 512 : 2L << 20;
        return (bytes + step - 1) / step * step;
    }

    /** A device block of at least {@code bytes}; return it with {@link #release}. */
    public synchronized long allocate(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<Long> list = free.get(size);
        long address;
        if (list != null && !list.isEmpty()) {
            address = list.pop();
            cached -= size;
        } else {
            try {
                address = memory.allocate(size);
            } catch (RuntimeException outOfMemory) {
                emptyCache();
                address = memory.allocate(size);
            }
            sizeOf.put(address, size);
        }
        inUse.add(address);
        live += size;
        peak = Math.max(peak, live);
        return address;
    }

    /** Returns a block to its free list. */
    public synchronized void release(long address) {
        if (!inUse.remove(address)) {
            throw new IllegalArgumentException("cuda allocator: 0x" + Long.toHexString(address)
                    + " is not a block in use (released twice, or not allocated here)");
        }
        long size = sizeOf.get(address);
        live -= size;
        cached += size;
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
    }

    /** Frees every cached block on the device. */
    public synchronized void emptyCache() {
        for (ArrayDeque<Long> list : free.values()) {
            for (long address : list) {
                memory.free(address);
                sizeOf.remove(address);
            }
        }
        free.clear();
        cached = 0;
    }

    public synchronized long liveBytes() {
        return live;
    }

    public synchronized long peakBytes() {
        return peak;
    }

    public synchronized long cachedBytes() {
        return cached;
    }
}
