package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused optimiser kernels give the bits of the plain-loop reference at awkward sizes, in F32 and F64. */
class OptimizerKernelsTest {
    private static final long[] SIZES = {0, 1, 15, 17, 33, 70_001}; // the last spans three chunks and a tail

    private static MemorySegment random(Arena arena, DType dtype, long n, long seed, boolean positive) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment s = arena.allocate(Math.max(1, n) * dtype.byteSize(), 64);
        for (long i = 0; i < n; i++) {
            double v = positive ? r.nextDouble() : r.nextDouble(-1, 1);
            if (dtype == DType.F32) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
            } else {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            }
        }
        return s;
    }

    private static MemorySegment copy(Arena arena, MemorySegment s) {
        return arena.allocate(s.byteSize(), 64).copyFrom(s);
    }

    private static void assertSameBits(DType dtype, MemorySegment expected, MemorySegment actual, String what) {
        if (dtype == DType.F32) {
            assertArrayEquals(expected.toArray(ValueLayout.JAVA_INT), actual.toArray(ValueLayout.JAVA_INT), what);
        } else {
            assertArrayEquals(expected.toArray(ValueLayout.JAVA_LONG), actual.toArray(ValueLayout.JAVA_LONG), what);
        }
    }

    @Test
    void sgdMatchesTheReferenceBitForBit() {
        List<OptimizerStep.Sgd> steps = List.of(
                new OptimizerStep.Sgd(0.1, 0, 0, 0, false, false),
                new OptimizerStep.Sgd(0.05, 1e-4, 0.9, 0, false, true),
                new OptimizerStep.Sgd(0.05, 1e-4, 0.9, 0.1, false, false),
                new OptimizerStep.Sgd(0.3, 0.01, 0.9, 0, true, false),
                new OptimizerStep.Sgd(0.2, 0, 0.9, 0, true, true),
                new OptimizerStep.Sgd(0.1, 0.02, 0, 0, false, false));
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                for (OptimizerStep.Sgd s : steps) {
                    try (Arena arena = Arena.ofShared()) {
                        MemorySegment theta = random(arena, dtype, n, 1, false);
                        MemorySegment grad = random(arena, dtype, n, 2, false);
                        MemorySegment buffer = random(arena, dtype, n, 3, false);
                        MemorySegment thetaRef = copy(arena, theta);
                        MemorySegment bufferRef = copy(arena, buffer);
                        OptimizerKernels.sgd(dtype, n, theta, grad, s.momentum() == 0 ? null : buffer, s);
                        OptimizerReference.sgd(dtype, n, thetaRef, grad, s.momentum() == 0 ? null : bufferRef, s);
                        assertSameBits(dtype, thetaRef, theta, dtype + " n=" + n + " " + s + " theta");
                        assertSameBits(dtype, bufferRef, buffer, dtype + " n=" + n + " " + s + " buffer");
                    }
                }
            }
        }
    }

    @Test
    void adamMatchesTheReferenceBitForBit() {
        List<OptimizerStep.Adam> steps = List.of(
                new OptimizerStep.Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, 1),
                new OptimizerStep.Adam(1e-2, 0.9, 0.999, 1e-8, 0.01, false, 7),
                new OptimizerStep.Adam(1e-3, 0.9, 0.95, 1e-6, 0.05, true, 1000));
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                for (OptimizerStep.Adam s : steps) {
                    try (Arena arena = Arena.ofShared()) {
                        MemorySegment theta = random(arena, dtype, n, 1, false);
                        MemorySegment grad = random(arena, dtype, n, 2, false);
                        MemorySegment m = random(arena, dtype, n, 3, false);
                        MemorySegment v = random(arena, dtype, n, 4, true);
                        MemorySegment thetaRef = copy(arena, theta);
                        MemorySegment mRef = copy(arena, m);
                        MemorySegment vRef = copy(arena, v);
                        OptimizerKernels.adam(dtype, n, theta, grad, m, v, s);
                        OptimizerReference.adam(dtype, n, thetaRef, grad, mRef, vRef, s);
                        String what = dtype + " n=" + n + " " + s;
                        assertSameBits(dtype, thetaRef, theta, what + " theta");
                        assertSameBits(dtype, mRef, m, what + " m");
                        assertSameBits(dtype, vRef, v, what + " v");
                    }
                }
            }
        }
    }

    @Test
    void referenceSgdStepIsTheClosedForm() {
        // θ = 0.5, g = 0.8, wd = 0.1, μ = 0.9, buffer 1.0 (not first), lr = 0.1:
        // d = 0.85, b = 0.9·1.0 + 0.85 = 1.75, θ' = 0.5 − 0.175 = 0.325.
        try (Arena arena = Arena.ofShared()) {
            MemorySegment theta = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 0.5);
            MemorySegment grad = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 0.8);
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 1.0);
            OptimizerKernels.sgd(DType.F64, 1, theta, grad, buffer, new OptimizerStep.Sgd(0.1, 0.1, 0.9, 0, false, false));
            org.junit.jupiter.api.Assertions.assertEquals(0.325, theta.getAtIndex(ValueLayout.JAVA_DOUBLE, 0), 1e-15);
            org.junit.jupiter.api.Assertions.assertEquals(1.75, buffer.getAtIndex(ValueLayout.JAVA_DOUBLE, 0), 1e-15);
            assertThrows(IllegalArgumentException.class, () -> OptimizerKernels.sgd(DType.I64, 1, theta, grad, buffer,
                    new OptimizerStep.Sgd(0.1, 0, 0, 0, false, false)));
        }
    }
}
