package org.sonograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;

/** Off-heap memory is released by scopes, never by the GC, and nothing leaks. */
class MemoryScopeTest {
    private static long live() {
        return CachingAllocator.global().liveBytes();
    }

    @Test
    void tenThousandOpsInScopesReturnToTheBaseline() {
        long baseline = live();
        RandomStream rng = new RandomStream(1);
        for (int step = 0; step < 100; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = rng.normal(DType.F32, 0, 1, 32, 16);
                for (int op = 0; op < 100; op++) {
                    x = switch (op % 5) {
                        case 0 -> x.tanh();
                        case 1 -> x.add(x.mul(0.5));
                        case 2 -> x.transpose(0, 1).contiguous().transpose(0, 1);
                        case 3 -> x.softmax(1).mul(16);
                        default -> x.sub(x.mean(new int[] {1}, true));
                    };
                }
                assertTrue(live() > baseline);
            }
            assertEquals(baseline, live(), "live bytes after step " + step);
        }
    }

    @Test
    void keptTensorsSurviveTheirScope() {
        long baseline = live();
        Tensor kept;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                Tensor temp = Tensor.ones(DType.F32, 100);
                kept = inner.keep(temp.mul(2));
            }
            assertEquals(200.0, kept.sum().item());
        }
        assertTrue(kept.isReleased());
        assertEquals(baseline, live());
    }

    @Test
    void useAfterReleaseIsAnErrorNotASilentRead() {
        Tensor t;
        try (MemoryScope scope = MemoryScope.open()) {
            t = Tensor.ones(DType.F32, 4);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void detachedScopeOwnsLongLivedTensors() {
        long baseline = live();
        MemoryScope model = MemoryScope.detached();
        Tensor weights = model.run(() -> Tensor.zeros(DType.F32, 64, 64));
        try (MemoryScope step = MemoryScope.open()) {
            weights.add(1).sum();
        }
        assertFalse(weights.isReleased());
        model.close();
        assertTrue(weights.isReleased());
        assertEquals(baseline, live());
    }
}
