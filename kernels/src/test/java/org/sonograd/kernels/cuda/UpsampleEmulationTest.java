package org.sonograd.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.AxisInterpolation;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.ResampleKernels;
import org.sonograd.kernels.cuda.launch.CudaUpsample;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;

/**
 * upsample.cu through {@link CudaUpsample} under emulation against the CPU's {@link ResampleKernels}
 * with {@link AxisInterpolation} taps, applied axis by axis (forward first to last, the adjoint last
 * to first), bit for bit: nearest, bilinear and trilinear with align_corners false and true, up and
 * down, at sizes whose ratios are not integers.
 */
class UpsampleEmulationTest {
    @Test
    void bilinearAndNearest2d() {
        Random random = new Random(71);
        for (CudaUpsample.Mode mode : CudaUpsample.Mode.values()) {
            check(random, mode, false, 3, new int[] {5, 7}, new int[] {12, 17});
            check(random, mode, false, 2, new int[] {9, 4}, new int[] {4, 9});  // down along one axis
            check(random, mode, false, 1, new int[] {1, 3}, new int[] {5, 1});
        }
        check(random, CudaUpsample.Mode.LINEAR, true, 2, new int[] {5, 7}, new int[] {12, 17});
        check(random, CudaUpsample.Mode.LINEAR, true, 2, new int[] {1, 4}, new int[] {3, 1});
    }

    @Test
    void trilinear3d() {
        Random random = new Random(72);
        check(random, CudaUpsample.Mode.LINEAR, false, 2, new int[] {3, 5, 4}, new int[] {7, 10, 9});
        check(random, CudaUpsample.Mode.LINEAR, true, 1, new int[] {3, 5, 4}, new int[] {6, 3, 8});
        check(random, CudaUpsample.Mode.NEAREST, false, 2, new int[] {3, 5, 4}, new int[] {7, 10, 9});
    }

    private static void check(Random random, CudaUpsample.Mode mode, boolean align, int planes, int[] input, int[] output) {
        String what = mode + (align ? " align_corners" : "") + " " + planes + "×" + Arrays.toString(input) + " -> "
                + Arrays.toString(output);
        int in = planes * volume(input);
        int out = planes * volume(output);
        float[] x = Close.uniform(random, in, -2, 2);
        float[] dy = Close.uniform(random, out, -1, 1);
        AxisInterpolation[] plans = new AxisInterpolation[input.length];
        for (int a = 0; a < input.length; a++) {
            plans[a] = mode == CudaUpsample.Mode.NEAREST ? AxisInterpolation.nearest(input[a], output[a])
                    : AxisInterpolation.linear(input[a], output[a], align);
        }
        try (EmulatedCuda.Session s = EmulatedCuda.session(); Arena arena = Arena.ofShared()) {
            CudaUpsample upsample = new CudaUpsample(s.launcher());
            DeviceBuffer y = s.allocate(out);
            DeviceBuffer dx = s.allocate(in);
            upsample.forward(mode, align, planes, input, output, s.upload(x), y);
            upsample.backward(mode, align, planes, input, output, s.upload(dy), dx);

            int[] shape = input.clone();
            MemorySegment current = arena.allocateFrom(JAVA_FLOAT, x);
            for (int a = 0; a < input.length; a++) {
                long outer = planes * volume(Arrays.copyOfRange(shape, 0, a));
                long inner = volume(Arrays.copyOfRange(shape, a + 1, shape.length));
                shape[a] = output[a];
                MemorySegment next = arena.allocate(JAVA_FLOAT, planes * (long) volume(shape));
                ResampleKernels.apply(plans[a], outer, inner, DType.F32, current, next);
                current = next;
            }
            assertArrayEquals(current.toArray(JAVA_FLOAT), s.floats(y), what + " forward");

            shape = output.clone();
            current = arena.allocateFrom(JAVA_FLOAT, dy);
            for (int a = input.length - 1; a >= 0; a--) {
                long outer = planes * volume(Arrays.copyOfRange(shape, 0, a));
                long inner = volume(Arrays.copyOfRange(shape, a + 1, shape.length));
                shape[a] = input[a];
                MemorySegment next = arena.allocate(JAVA_FLOAT, planes * (long) volume(shape));
                ResampleKernels.adjoint(plans[a], outer, inner, DType.F32, current, next);
                current = next;
            }
            assertArrayEquals(current.toArray(JAVA_FLOAT), s.floats(dx), what + " backward");
        }
    }

    private static int volume(int[] shape) {
        int v = 1;
        for (int s : shape) {
            v *= s;
        }
        return v;
    }
}
