package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every fast convolution version against the plain-loop reference at awkward shapes (1-, 2-, 3-D,
 * strides, padding, dilation, groups, depthwise), F32 and F64; the reference itself against a
 * hand-computed case and the adjoint identities ⟨∂y, conv(x, w)⟩ = ⟨inputGrad(∂y, w), x⟩ =
 * ⟨weightGrad(x, ∂y), w⟩.
 */
class ConvKernelsTest {
    private static Arena arena;

    @BeforeAll
    static void open() {
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        arena.close();
    }

    private static int[] a(int... v) {
        return v;
    }

    /** Geometries: name, N, Cin, Cout, groups, input, kernel, stride, padding, dilation. */
    static List<ConvGeometry> geometries() {
        return Stream.concat(lanesGeometries().stream(), Stream.of(
                ConvGeometry.of("1d", 2, 3, 5, 1, a(17), a(3), a(1), a(1), a(1)),
                ConvGeometry.of("1d strided dilated", 1, 4, 6, 2, a(23), a(5), a(3), a(2), a(2)),
                ConvGeometry.of("2d", 2, 3, 7, 1, a(9, 11), a(3, 3), a(1, 1), a(1, 1), a(1, 1)),
                ConvGeometry.of("2d stem-like", 1, 3, 8, 1, a(13, 15), a(7, 7), a(2, 2), a(3, 3), a(1, 1)),
                ConvGeometry.of("2d depthwise", 2, 6, 6, 6, a(8, 7), a(3, 3), a(2, 1), a(1, 1), a(1, 1)),
                ConvGeometry.of("2d groups dilated", 1, 4, 6, 2, a(10, 9), a(3, 2), a(1, 2), a(2, 0), a(2, 3)),
                ConvGeometry.of("3d", 2, 3, 5, 1, a(4, 6, 7), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1)),
                ConvGeometry.of("3d stem-like", 1, 3, 7, 1, a(5, 12, 13), a(3, 7, 7), a(1, 2, 2), a(1, 3, 3), a(1, 1, 1)),
                ConvGeometry.of("3d deep T=2", 1, 16, 9, 1, a(2, 5, 5), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1)),
                ConvGeometry.of("3d deep T=2 batch 3, position-major", 3, 20, 18, 1, a(2, 5, 6), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1)),
                ConvGeometry.of("3d pointwise strided", 2, 8, 4, 1, a(3, 6, 6), a(1, 1, 1), a(2, 2, 2), a(0, 0, 0), a(1, 1, 1)),
                ConvGeometry.of("3d wide", 1, 2, 3, 1, a(3, 40, 45), a(2, 3, 3), a(1, 1, 1), a(0, 1, 1), a(1, 1, 1)),
                ConvGeometry.of("3d channels 20->40 dilated", 2, 20, 40, 1, a(3, 7, 9), a(3, 3, 2), a(1, 1, 1), a(2, 1, 1), a(2, 1, 3)),
                ConvGeometry.of("3d groups 2, 36->34", 1, 36, 34, 2, a(4, 5, 6), a(3, 1, 3), a(1, 1, 1), a(1, 0, 1), a(1, 1, 1)),
                // strided input gradients by phases: odd sizes, stride 2 and 3, dilation, kernels narrower than the stride
                ConvGeometry.of("2d stride 2, 20->18", 2, 20, 18, 1, a(9, 8), a(3, 3), a(2, 2), a(1, 1), a(1, 1)),
                ConvGeometry.of("2d stride 3x2 dilated", 1, 17, 20, 1, a(11, 10), a(3, 2), a(3, 2), a(2, 1), a(2, 3)),
                ConvGeometry.of("2d stride 2 k2 groups 2", 1, 32, 32, 2, a(7, 9), a(2, 2), a(2, 2), a(0, 1), a(1, 1)),
                ConvGeometry.of("1d stride 4 k2, uncovered phases", 2, 16, 16, 1, a(13), a(2), a(4), a(1), a(1)),
                ConvGeometry.of("3d pointwise stride 2, 16->20", 2, 16, 20, 1, a(3, 5, 7), a(1, 1, 1), a(2, 2, 2), a(0, 0, 0), a(1, 1, 1)),
                ConvGeometry.of("3d stride 1x2x2 k3x5x5", 1, 16, 17, 1, a(3, 9, 11), a(3, 5, 5), a(1, 2, 2), a(1, 2, 2), a(1, 1, 1))))
                .toList();
    }

    /**
     * Wide maps with few channels, whose stride-1 forwards and input-gradient phases put the output
     * positions in the vector lanes ({@link ConvLanes}): channels not multiples of 8, groups,
     * dilation, padding 0, negative phase offsets, 1-D. Their rows waste little with tiles of 24
     * (AVX2) and of 48 positions (AVX-512).
     */
    static List<ConvGeometry> lanesGeometries() {
        return List.of(
                ConvGeometry.of("2d lanes 20->12", 2, 20, 12, 1, a(7, 36), a(3, 3), a(1, 1), a(1, 1), a(1, 1)),
                ConvGeometry.of("2d lanes 16->100, wider than a phase may be", 1, 16, 100, 1, a(3, 44), a(3, 3), a(1, 1), a(1, 1), a(1, 1)),
                ConvGeometry.of("3d lanes groups 2 dilated", 1, 24, 36, 2, a(4, 5, 45), a(3, 3, 3), a(1, 1, 1), a(2, 1, 1), a(2, 1, 1)),
                ConvGeometry.of("1d lanes k5", 2, 16, 17, 1, a(190), a(5), a(1), a(2), a(1)),
                ConvGeometry.of("2d lanes pad 0 k1x4", 1, 16, 16, 1, a(3, 61), a(1, 4), a(1, 1), a(0, 0), a(1, 1)),
                // strided: the forward runs ConvImplicit's tile, phases of the input gradient the lanes
                ConvGeometry.of("2d lanes dilated W, stride 2 on H", 2, 18, 20, 1, a(9, 44), a(3, 3), a(2, 1), a(1, 2), a(1, 2)),
                ConvGeometry.of("2d lanes stride 4 on H, k2", 2, 16, 24, 1, a(13, 46), a(2, 3), a(4, 1), a(1, 1), a(1, 1)));
    }

    @Test
    void lanesGeometriesRunThePositionsInLanesPath() {
        for (ConvGeometry g : lanesGeometries()) {
            boolean strided = g.stride()[0] * g.stride()[1] * g.stride()[2] > 1;
            assertEquals(!strided, ConvLanes.shapeSuits(g, false), "forward of " + g);
            assertTrue(ConvPhase.of(g).stream().anyMatch(ph -> ConvLanes.shapeSuits(ph.geometry(), strided)),
                    "input grad of " + g);
        }
        // a phase with a negative offset (P < 0) among them
        assertTrue(lanesGeometries().stream().flatMap(g -> ConvPhase.of(g).stream())
                .anyMatch(ph -> ConvLanes.shapeSuits(ph.geometry(), true) && ph.geometry().padding()[1] < 0));
    }

    private static MemorySegment random(DType t, long n, Random r) {
        MemorySegment s = arena.allocate(Math.max(1, n) * t.byteSize(), 64);
        for (long i = 0; i < n; i++) {
            double v = r.nextDouble() * 2 - 1;
            if (t == DType.F32) {
                s.setAtIndex(JAVA_FLOAT, i, (float) v);
            } else {
                s.setAtIndex(JAVA_DOUBLE, i, v);
            }
        }
        return s;
    }

    private static MemorySegment filled(DType t, long n, double v) {
        MemorySegment s = arena.allocate(Math.max(1, n) * t.byteSize(), 64);
        for (long i = 0; i < n; i++) {
            if (t == DType.F32) {
                s.setAtIndex(JAVA_FLOAT, i, (float) v);
            } else {
                s.setAtIndex(JAVA_DOUBLE, i, v);
            }
        }
        return s;
    }

    private static double[] values(DType t, MemorySegment s, long n) {
        double[] out = new double[(int) n];
        ConvReference.read(t, s, out);
        return out;
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tol * Math.max(1, scale), what + ": max abs error " + worst + " (scale " + scale + ")");
    }

    @Test
    void fastVersionsMatchTheReference() {
        Random r = new Random(11);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            double tol = t == DType.F32 ? 2e-5 : 1e-12;
            for (ConvGeometry g : geometries()) {
                MemorySegment x = random(t, g.inputElements(), r);
                MemorySegment w = random(t, g.weightElements(), r);
                MemorySegment gy = random(t, g.outputElements(), r);
                MemorySegment y0 = filled(t, g.outputElements(), Double.NaN);
                MemorySegment gx0 = filled(t, g.inputElements(), Double.NaN);
                MemorySegment gw0 = filled(t, g.weightElements(), Double.NaN);
                ConvKernels.forward(ConvVersion.V0_REFERENCE, g, t, x, w, y0);
                ConvKernels.inputGrad(ConvVersion.V0_REFERENCE, g, t, gy, w, gx0);
                ConvKernels.weightGrad(ConvVersion.V0_REFERENCE, g, t, x, gy, gw0);
                for (ConvVersion v : ConvVersion.values()) {
                    if (v == ConvVersion.V0_REFERENCE) {
                        continue;
                    }
                    String name = v.label() + " " + t + " " + g;
                    MemorySegment y = filled(t, g.outputElements(), Double.NaN);
                    MemorySegment gx = filled(t, g.inputElements(), Double.NaN);
                    MemorySegment gw = filled(t, g.weightElements(), Double.NaN);
                    ConvKernels.forward(v, g, t, x, w, y);
                    ConvKernels.inputGrad(v, g, t, gy, w, gx);
                    ConvKernels.weightGrad(v, g, t, x, gy, gw);
                    assertClose(name + " forward", values(t, y0, g.outputElements()), values(t, y, g.outputElements()), tol);
                    assertClose(name + " input grad", values(t, gx0, g.inputElements()), values(t, gx, g.inputElements()), tol);
                    assertClose(name + " weight grad", values(t, gw0, g.weightElements()), values(t, gw, g.weightElements()), tol);
                }
            }
        }
    }

    @Test
    void referenceSatisfiesTheAdjointIdentities() {
        Random r = new Random(5);
        DType t = DType.F64;
        for (ConvGeometry g : geometries()) {
            MemorySegment x = random(t, g.inputElements(), r);
            MemorySegment w = random(t, g.weightElements(), r);
            MemorySegment gy = random(t, g.outputElements(), r);
            MemorySegment y = filled(t, g.outputElements(), 0);
            MemorySegment gx = filled(t, g.inputElements(), 0);
            MemorySegment gw = filled(t, g.weightElements(), 0);
            ConvKernels.forward(ConvVersion.V0_REFERENCE, g, t, x, w, y);
            ConvKernels.inputGrad(ConvVersion.V0_REFERENCE, g, t, gy, w, gx);
            ConvKernels.weightGrad(ConvVersion.V0_REFERENCE, g, t, x, gy, gw);
            double yy = dot(values(t, gy, g.outputElements()), values(t, y, g.outputElements()));
            double xx = dot(values(t, gx, g.inputElements()), values(t, x, g.inputElements()));
            double ww = dot(values(t, gw, g.weightElements()), values(t, w, g.weightElements()));
            assertEquals(yy, xx, 1e-10 * Math.max(1, Math.abs(yy)), "input adjoint " + g);
            assertEquals(yy, ww, 1e-10 * Math.max(1, Math.abs(yy)), "weight adjoint " + g);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void referenceMatchesAHandComputedConv1d() {
        // x = [1, 2, 3, 4], w = [1, 0, -1], padding 1: y[i] = x[i-1] - x[i+1] = [-2, -2, -2, 3]
        ConvGeometry g = ConvGeometry.of("hand", 1, 1, 1, 1, a(4), a(3), a(1), a(1), a(1));
        MemorySegment x = arena.allocate(4 * 8, 64);
        MemorySegment w = arena.allocate(3 * 8, 64);
        MemorySegment y = arena.allocate(4 * 8, 64);
        for (int i = 0; i < 4; i++) {
            x.setAtIndex(JAVA_DOUBLE, i, i + 1);
        }
        w.setAtIndex(JAVA_DOUBLE, 0, 1);
        w.setAtIndex(JAVA_DOUBLE, 1, 0);
        w.setAtIndex(JAVA_DOUBLE, 2, -1);
        for (ConvVersion v : ConvVersion.values()) {
            ConvKernels.forward(v, g, DType.F64, x, w, y);
            assertArrayEquals(new double[] {-2, -2, -2, 3}, values(DType.F64, y, 4), 1e-15, v.label());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        resultsDoNotDependOnTheThreadCount(
                ConvGeometry.of("threads", 2, 8, 16, 1, a(4, 20, 20), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1)));
        // stride 2 (input gradient by phases) and several position blocks in the weight gradient's sum
        resultsDoNotDependOnTheThreadCount(
                ConvGeometry.of("threads strided", 3, 32, 48, 1, a(20, 22), a(3, 3), a(2, 2), a(1, 1), a(1, 1)));
        // a small deep map walked position-major, its positions grouped by the taps inside the input
        resultsDoNotDependOnTheThreadCount(
                ConvGeometry.of("threads position-major", 3, 24, 32, 1, a(2, 5, 5), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1)));
        // positions in the lanes (ConvLanes) for the forward and the input gradient
        ConvGeometry lanes = ConvGeometry.of("threads lanes", 2, 24, 40, 1, a(5, 12, 36), a(3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1));
        assertTrue(ConvLanes.shapeSuits(lanes, false), lanes.toString());
        resultsDoNotDependOnTheThreadCount(lanes);
    }

    private static void resultsDoNotDependOnTheThreadCount(ConvGeometry g) {
        Random r = new Random(3);
        DType t = DType.F32;
        MemorySegment x = random(t, g.inputElements(), r);
        MemorySegment w = random(t, g.weightElements(), r);
        MemorySegment gy = random(t, g.outputElements(), r);
        double[][] runs = new double[2][];
        int before = Parallel.maxThreads();
        try {
            for (int threads = 1; threads <= Math.min(2, Parallel.threads()); threads++) {
                Parallel.setMaxThreads(threads);
                MemorySegment gw = filled(t, g.weightElements(), 0);
                MemorySegment gx = filled(t, g.inputElements(), 0);
                MemorySegment y = filled(t, g.outputElements(), 0);
                ConvKernels.weightGrad(g, t, x, gy, gw);
                ConvKernels.inputGrad(g, t, gy, w, gx);
                ConvKernels.forward(g, t, x, w, y);
                int nw = (int) g.weightElements();
                int nx = (int) g.inputElements();
                double[] all = new double[nw + nx + (int) g.outputElements()];
                System.arraycopy(values(t, gw, nw), 0, all, 0, nw);
                System.arraycopy(values(t, gx, nx), 0, all, nw, nx);
                System.arraycopy(values(t, y, g.outputElements()), 0, all, nw + nx, (int) g.outputElements());
                runs[threads - 1] = all;
            }
        } finally {
            Parallel.setMaxThreads(before);
        }
        if (runs[1] != null) {
            assertArrayEquals(runs[0], runs[1], 0.0, g.toString());
        }
    }

    @Test
    void badGeometriesAreRejectedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvGeometry.of("conv2d", 1, 3, 4, 2, a(5, 5), a(3, 3), a(1, 1), a(0, 0), a(1, 1)));
        assertTrue(e.getMessage().contains("divisible by groups"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConvGeometry.of("conv2d", 1, 3, 4, 1, a(2, 5), a(3, 3), a(1, 1), a(0, 0), a(1, 1)));
        assertTrue(e.getMessage().contains("kernel must fit"), e.getMessage());
    }
}
