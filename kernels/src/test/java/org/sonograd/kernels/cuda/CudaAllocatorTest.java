package org.sonograd.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, over a fake device that records every driver call. */
class CudaAllocatorTest {
    /** A device with a fixed capacity that counts allocations and frees. */
    private static final class FakeDevice implements DeviceMemory {
        final Map<Long, Long> blocks = new HashMap<>();
        final long capacity;
        long next = 1;
        long used;
        int allocations;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new IllegalStateException("CUDA_ERROR_OUT_OF_MEMORY");
            }
            allocations++;
            used += bytes;
            blocks.put(next, bytes);
            return next++;
        }

        @Override
        public void free(long handle) {
            used -= blocks.remove(handle);
        }
    }

    @Test
    void sizeClassesRoundUp() {
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(512, CudaAllocator.sizeClass(512));
        assertEquals(1024, CudaAllocator.sizeClass(513));
        assertEquals(1L << 20, CudaAllocator.sizeClass(1L << 20));
        assertEquals(2L << 20, CudaAllocator.sizeClass((1L << 20) + 1));
        assertEquals(4L << 20, CudaAllocator.sizeClass((2L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CudaAllocator.sizeClass(0));
    }

    @Test
    void releasedBlocksAreReusedAndCounted() {
        FakeDevice device = new FakeDevice(1L << 30);
        CudaAllocator allocator = new CudaAllocator(device);
        long a = allocator.allocate(1000);
        long b = allocator.allocate(3000);
        assertEquals(1024 + 3072, allocator.liveBytes());
        allocator.release(a);
        assertEquals(3072, allocator.liveBytes());
        assertEquals(1024, allocator.cachedBytes());
        long c = allocator.allocate(600);  // same class as a: served from the cache
        assertEquals(a, c);
        assertEquals(2, device.allocations);
        long d = allocator.allocate(5000);
        assertNotEquals(b, d);
        assertEquals(1024 + 3072 + 5120, allocator.peakBytes());
        allocator.release(b);
        allocator.release(c);
        allocator.release(d);
        assertEquals(0, allocator.liveBytes());
        assertEquals(1024 + 3072 + 5120, allocator.peakBytes());
        allocator.emptyCache();
        assertEquals(0, allocator.cachedBytes());
        assertTrue(device.blocks.isEmpty(), "emptyCache frees every cached block on the device");
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeDevice device = new FakeDevice(4096);
        CudaAllocator allocator = new CudaAllocator(device);
        allocator.release(allocator.allocate(3000));  // 3072 cached
        long big = allocator.allocate(2000);          // 2048 does not fit beside the cached 3072
        assertEquals(2048, allocator.liveBytes());
        assertEquals(0, allocator.cachedBytes());
        allocator.release(big);
        assertThrows(IllegalArgumentException.class, () -> allocator.release(big), "a double release is an error");
    }
}
