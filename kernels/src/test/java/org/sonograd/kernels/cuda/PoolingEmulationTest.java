package org.sonograd.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.PoolGeometry;
import org.sonograd.kernels.PoolKernels;
import org.sonograd.kernels.cuda.launch.CudaPooling;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;

/**
 * pooling.cu through {@link CudaPooling} under emulation against the CPU's {@link PoolKernels} (same
 * windows from {@link PoolGeometry#sliding}), bit for bit: max with argmax (NaN included), average
 * with and without count_include_pad, and their backward passes (max backward against a plain loop
 * that routes each output gradient to its argmax, in output order).
 */
class PoolingEmulationTest {
    @Test
    void pool2dWithStrideAndPadding() {
        check(new Random(61), 3, new int[] {7, 9}, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0});
        check(new Random(62), 1, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0});
        check(new Random(63), 2, new int[] {17, 5}, new int[] {4, 5}, new int[] {3, 2}, new int[] {2, 2});
    }

    @Test
    void pool3dWithOverlappingWindows() {
        check(new Random(64), 2, new int[] {5, 6, 7}, new int[] {3, 3, 2}, new int[] {2, 1, 2}, new int[] {1, 1, 0});
        check(new Random(65), 3, new int[] {3, 9, 4}, new int[] {2, 2, 2}, new int[] {1, 3, 1}, new int[] {0, 1, 1});
    }

    private static void check(Random random, long planes, int[] input, int[] kernel, int[] stride, int[] padding) {
        for (boolean countPad : new boolean[] {false, true}) {
            CudaPooling.Geometry g = CudaPooling.Geometry.of(planes, input, kernel, stride, padding, countPad);
            PoolGeometry ref = PoolGeometry.sliding("pool", planes, input, kernel, stride, padding, countPad);
            int in = (int) g.inputSize();
            int out = (int) g.outputSize();
            float[] x = Close.uniform(random, in, -2, 2);
            x[in / 2] = Float.NaN;
            float[] dy = Close.uniform(random, out, -1, 1);
            String what = "pool " + planes + "×" + Arrays.toString(input) + " kernel " + Arrays.toString(kernel) + " stride "
                    + Arrays.toString(stride) + " padding " + Arrays.toString(padding) + (countPad ? " count_include_pad" : "");
            try (EmulatedCuda.Session s = EmulatedCuda.session(); Arena arena = Arena.ofShared()) {
                CudaPooling pool = new CudaPooling(s.launcher());
                DeviceBuffer xs = s.upload(x);
                DeviceBuffer dys = s.upload(dy);
                DeviceBuffer y = s.allocate(out);
                DeviceBuffer idx = s.allocate(2L * out);
                DeviceBuffer dx = s.allocate(in);
                MemorySegment xh = arena.allocateFrom(JAVA_FLOAT, x);
                MemorySegment dyh = arena.allocateFrom(JAVA_FLOAT, dy);
                MemorySegment yh = arena.allocate(JAVA_FLOAT, out);
                MemorySegment idxh = arena.allocate(JAVA_LONG, out);
                MemorySegment dxh = arena.allocate(JAVA_FLOAT, in);

                pool.maxForward(g, xs, y, idx);
                PoolKernels.maxForward(ref, DType.F32, xh, yh, idxh);
                assertArrayEquals(yh.toArray(JAVA_FLOAT), s.floats(y), what + " max");
                long[] argmax = s.longs(idx);
                assertArrayEquals(idxh.toArray(JAVA_LONG), argmax, what + " argmax");

                pool.maxBackward(g, dys, idx, dx);
                float[] expected = new float[in];
                long planeIn = in / planes;
                long planeOut = out / planes;
                for (int o = 0; o < out; o++) {
                    int target = (int) ((o / planeOut) * planeIn + argmax[o]);
                    expected[target] += dy[o];
                }
                assertArrayEquals(expected, s.floats(dx), what + " max backward");

                pool.avgForward(g, xs, y);
                PoolKernels.avgForward(ref, DType.F32, xh, yh);
                assertArrayEquals(yh.toArray(JAVA_FLOAT), s.floats(y), what + " avg");

                pool.avgBackward(g, dys, dx);
                PoolKernels.avgBackward(ref, DType.F32, dyh, dxh);
                assertArrayEquals(dxh.toArray(JAVA_FLOAT), s.floats(dx), what + " avg backward");
            }
        }
    }
}
