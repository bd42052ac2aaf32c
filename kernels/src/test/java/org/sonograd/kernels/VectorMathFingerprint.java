package org.sonograd.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * A hash of the bits that the VectorMath vector lanes give on a fixed set of inputs. {@code
 * VectorMathJitStateTest} compares the hash of a warm JVM with that of a forked {@code -Xint} JVM,
 * where the Vector API runs its Java fallback instead of C2's intrinsics.
 */
final class VectorMathFingerprint {
    private static final int VALUES = 512;

    private VectorMathFingerprint() {}

    /** Prints {@link #compute()}. */
    public static void main(String[] args) {
        System.out.println(compute());
    }

    /** The hash over exp, expm1, log, log1p, tanh and sigmoid, F32 and F64, at the preferred width. */
    static long compute() {
        float[] xf = new float[VALUES];
        double[] xd = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            xd[i] = (i % 2 == 0 ? 1 : -1) * Math.scalb(1.0 + (i * 0.6180339887) % 1.0, i % 24 - 14);
            xf[i] = (float) xd[i];
        }
        long hash = 17;
        for (int f = 0; f < 6; f++) {
            for (int i = 0; i < VALUES; i += VectorSupport.FLOATS.length()) {
                FloatVector v = f32(f, FloatVector.fromArray(VectorSupport.FLOATS, xf, i));
                for (float y : v.toArray()) {
                    hash = hash * 31 + Float.floatToIntBits(y);
                }
            }
            for (int i = 0; i < VALUES; i += VectorSupport.DOUBLES.length()) {
                DoubleVector v = f64(f, DoubleVector.fromArray(VectorSupport.DOUBLES, xd, i));
                for (double y : v.toArray()) {
                    hash = hash * 31 + Double.doubleToLongBits(y);
                }
            }
        }
        return hash;
    }

    private static FloatVector f32(int f, FloatVector x) {
        return switch (f) {
            case 0 -> VectorMath.exp(x);
            case 1 -> VectorMath.expm1(x);
            case 2 -> VectorMath.log(x.abs());
            case 3 -> VectorMath.log1p(x);
            case 4 -> VectorMath.tanh(x);
            default -> VectorMath.sigmoid(x);
        };
    }

    private static DoubleVector f64(int f, DoubleVector x) {
        return switch (f) {
            case 0 -> VectorMath64.exp(x);
            case 1 -> VectorMath64.expm1(x);
            case 2 -> VectorMath64.log(x.abs());
            case 3 -> VectorMath64.log1p(x);
            case 4 -> VectorMath64.tanh(x);
            default -> VectorMath64.sigmoid(x);
        };
    }
}
