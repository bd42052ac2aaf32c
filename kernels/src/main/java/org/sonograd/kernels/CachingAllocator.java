package org.sonograd.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The off-heap allocator: 64-byte-aligned blocks that are released deterministically, never by the
 * garbage collector, and kept in per-size free lists for reuse.
 *
 * <p>Requests are rounded up to a size class (four classes per power of two, so at most 25 % is
 * wasted); a released block goes back to its class's free list and serves the next request of that
 * class. {@link #trim()} returns the cached blocks to the operating system. {@link #liveBytes()}
 * counts the bytes of blocks handed out and not yet released, which is what leak tests watch.
 */
public final class CachingAllocator {
    /** Alignment of every block: one cache line, and one AVX-512 register. */
    public static final long ALIGNMENT = 64;

    private static final CachingAllocator GLOBAL = new CachingAllocator();

    private final Map<Long, ArrayDeque<Block>> freeBySize = new HashMap<>();
    private final Map<MemorySegment, Block> live = new IdentityHashMap<>();
    private long liveBytes;
    private long peakBytes;
    private long cachedBytes;

    private record Block(Arena arena, MemorySegment segment, long classBytes) {}

    /** A private allocator; the process normally uses {@link #global()}. */
    CachingAllocator() {}

    /** The allocator shared by the whole process. */
    public static CachingAllocator global() {
        return GLOBAL;
    }

    /**
     * Returns a block of at least {@code bytes} bytes, 64-byte aligned, with undefined contents. The
     * returned segment is exactly {@code bytes} long.
     */
    public synchronized MemorySegment allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocate: negative size " + bytes);
        }
        long classBytes = sizeClass(bytes);
        ArrayDeque<Block> free = freeBySize.get(classBytes);
        Block block = free == null ? null : free.pollFirst();
        if (block == null) {
            Arena arena = Arena.ofShared();
            block = new Block(arena, arena.allocate(classBytes, ALIGNMENT), classBytes);
        } else {
            cachedBytes -= classBytes;
        }
        MemorySegment view = block.segment().asSlice(0, bytes);
        live.put(view, block);
        liveBytes += classBytes;
        peakBytes = Math.max(peakBytes, liveBytes);
        return view;
    }

    /** Like {@link #allocate(long)} but with every byte set to zero. */
    public MemorySegment allocateZeroed(long bytes) {
        MemorySegment segment = allocate(bytes);
        segment.fill((byte) 0);
        return segment;
    }

    /** Gives a block back for reuse. The segment must be one returned by {@link #allocate(long)}. */
    public synchronized void release(MemorySegment segment) {
        Block block = live.remove(segment);
        if (block == null) {
            throw new IllegalArgumentException("release: segment of " + segment.byteSize()
                    + " bytes was not allocated here or was already released");
        }
        liveBytes -= block.classBytes();
        cachedBytes += block.classBytes();
        freeBySize.computeIfAbsent(block.classBytes(), k -> new ArrayDeque<>()).addFirst(block);
    }

    /** Frees every cached block back to the operating system. */
    public synchronized void trim() {
        for (ArrayDeque<Block> free : freeBySize.values()) {
            for (Block block : free) {
                block.arena().close();
            }
        }
        freeBySize.clear();
        cachedBytes = 0;
    }

    /** Bytes of blocks handed out and not yet released (rounded to their size class). */
    public synchronized long liveBytes() {
        return liveBytes;
    }

    /** The highest {@link #liveBytes()} seen since start or since {@link #resetPeak()}. */
    public synchronized long peakBytes() {
        return peakBytes;
    }

    /** Bytes held in free lists, ready for reuse. */
    public synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Starts a new peak measurement from the current live bytes. */
    public synchronized void resetPeak() {
        peakBytes = liveBytes;
    }

    /**
     * Size class of a request: the next multiple of 64 below 4 KiB, above that the next of the four
     * steps 1, 1.25, 1.5, 1.75 times a power of two.
     */
    static long sizeClass(long bytes) {
        if (bytes <= 4096) {
            return Math.max(ALIGNMENT, (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
        }
        long power = Long.highestOneBit(bytes);
        long step = power / 4;
        return (bytes + step - 1) / step * step;
    }
}
