package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {

    @Test
    void blocksAreAlignedAndSizeClassesWasteAtMostAQuarter() {
        CachingAllocator allocator = new CachingAllocator();
        for (long bytes : new long[] {1, 63, 64, 65, 4095, 4097, 100_000, 1 << 20}) {
            MemorySegment s = allocator.allocate(bytes);
            assertEquals(0, s.address() % CachingAllocator.ALIGNMENT, "alignment of " + bytes);
            assertEquals(bytes, s.byteSize());
            long cls = CachingAllocator.sizeClass(bytes);
            assertTrue(cls >= bytes && cls <= Math.max(64, bytes * 1.25 + 64), "class " + cls + " for " + bytes);
            allocator.release(s);
        }
    }

    @Test
    void releasedBlocksAreReusedAndLivePeakBytesAreTracked() {
        CachingAllocator allocator = new CachingAllocator();
        MemorySegment a = allocator.allocate(10_000);
        MemorySegment b = allocator.allocate(10_000);
        long classBytes = CachingAllocator.sizeClass(10_000);
        assertEquals(2 * classBytes, allocator.liveBytes());
        allocator.release(a);
        assertEquals(classBytes, allocator.liveBytes());
        assertEquals(2 * classBytes, allocator.peakBytes());
        assertEquals(classBytes, allocator.cachedBytes());
        MemorySegment c = allocator.allocate(9_999);
        assertEquals(a.address(), c.address(), "the cached block serves the next request of its class");
        allocator.release(b);
        allocator.release(c);
        allocator.trim();
        assertEquals(0, allocator.cachedBytes());
        assertEquals(0, allocator.liveBytes());
    }

    @Test
    void doubleReleaseIsReported() {
        CachingAllocator allocator = new CachingAllocator();
        MemorySegment a = allocator.allocate(128);
        allocator.release(a);
        assertThrows(IllegalArgumentException.class, () -> allocator.release(a));
    }
}
