package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaElementwise;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.SpecialFunctionKernels;
import org.sonograd.kernels.UnaryOp;

/**
 * elementwise.cu under emulation against the scalar definitions {@link UnaryOp#apply(float)} and
 * {@link BinaryOp#apply(float, float)} (the kernels' op codes are these enums' ordinals), including
 * NaN, ±0 and ±∞ inputs and broadcasting along every axis pattern.
 */
class ElementwiseEmulationTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 0.5f, -2.5f, 88f, -88f, 1e-30f, Float.NaN,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @Test
    void unaryOpsMatchTheirScalarDefinitions() {
        Random random = new Random(41);
        float[] x = new float[SPECIAL.length + 190];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        float[] rest = Close.uniform(random, 190, -6, 6);
        System.arraycopy(rest, 0, x, SPECIAL.length, rest.length);
        for (UnaryOp op : UnaryOp.values()) {
            float[] got;
            try (EmulatedCuda.Session s = EmulatedCuda.session()) {
                DeviceBuffer out = s.allocate(x.length);
                new CudaElementwise(s.launcher()).unary(op, x.length, s.upload(x), out);
                got = s.floats(out);
            }
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = op.apply(x[i]);
            }
            assertClose("unary " + op, expected, got, 1e-30, 4e-7);  // the library functions are within 2 ulp
        }
    }

    @Test
    void binaryOpsBroadcastLikeTheReference() {
        Random random = new Random(42);
        long[] shape = {3, 1, 17};
        long[] other = {1, 5, 17};
        long[] out = {3, 5, 17};
        float[] a = Close.uniform(random, 3 * 17, -3, 3);
        float[] b = Close.uniform(random, 5 * 17, -3, 3);
        a[4] = Float.NaN;
        b[7] = -0f;
        a[7] = 0f;
        for (BinaryOp op : BinaryOp.values()) {
            if (op.isComparison()) {
                continue;
            }
            long[] strideA = {shape[1] * shape[2], 0, 1};  // a broadcasts along axis 1
            long[] strideB = {0, other[2], 1};              // b broadcasts along axis 0
            float[] got;
            try (EmulatedCuda.Session s = EmulatedCuda.session()) {
                DeviceBuffer result = s.allocate(3 * 5 * 17);
                new CudaElementwise(s.launcher()).binary(op, out, s.upload(a), strideA, s.upload(b), strideB, result);
                got = s.floats(result);
            }
            double[] expected = new double[got.length];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    for (int k = 0; k < 17; k++) {
                        expected[(i * 5 + j) * 17 + k] = op.apply(a[i * 17 + k], b[j * 17 + k]);
                    }
                }
            }
            assertClose("binary " + op + " broadcast", expected, got, 0, op == BinaryOp.POW ? 1e-7 : 0);
            for (int i = 0; i < got.length; i++) {  // exact ops must also keep the sign of zero
                if (op != BinaryOp.POW && expected[i] == 0 && Math.copySign(1, expected[i]) != Math.copySign(1f, got[i])) {
                    throw new AssertionError("binary " + op + " element " + i + " has the wrong sign of zero");
                }
            }
        }
    }

    @Test
    void reluBackwardGatesTheGradientLikeThePlainLoop() {
        Random random = new Random(43);
        float[] g = Close.uniform(random, 4 * 17, -3, 3);          // [4, 17]
        float[] gate = Close.uniform(random, 17, -1, 1);           // [17], broadcast over rows
        g[3] = Float.POSITIVE_INFINITY;
        gate[3] = 0f;
        gate[5] = Float.NaN;
        gate[6] = -0f;
        float[] got;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(g.length);
            new CudaElementwise(s.launcher()).reluBackward(new long[] {4, 17}, s.upload(g), new long[] {17, 1},
                    s.upload(gate), new long[] {0, 1}, out);
            got = s.floats(out);
        }
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 17; k++) {
                // out = gate > 0 ? g : +0 (an infinite gradient at a closed gate gives +0, not NaN)
                float expected = gate[k] > 0 ? g[i * 17 + k] : 0f;
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(got[i * 17 + k])) {
                    throw new AssertionError("reluBackward element (" + i + ", " + k + "): expected " + expected
                            + ", got " + got[i * 17 + k]);
                }
            }
        }
    }

    @Test
    void erfMatchesTheCpuSeries() {
        float[] x = new float[SPECIAL.length + 300];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        float[] rest = Close.uniform(new Random(44), 300, -7, 7);
        System.arraycopy(rest, 0, x, SPECIAL.length, rest.length);
        float[] got;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(x.length);
            new CudaElementwise(s.launcher()).erf(x.length, s.upload(x), out);
            got = s.floats(out);
        }
        double[] expected = new double[x.length];
        try (Arena arena = Arena.ofConfined()) {  // the CPU's double series / continued fraction
            MemorySegment in = arena.allocate(8L * x.length);
            MemorySegment out = arena.allocate(8L * x.length);
            for (int i = 0; i < x.length; i++) {
                in.setAtIndex(ValueLayout.JAVA_DOUBLE, i, x[i]);
            }
            SpecialFunctionKernels.erf(DType.F64, x.length, in, out);
            for (int i = 0; i < x.length; i++) {
                expected[i] = out.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            }
        }
        assertClose("erf", expected, got, 1e-30, 4e-7);  // erff is within 2 ulp
    }
}
