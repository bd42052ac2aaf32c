package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * VectorMath and VectorMath64: every vector lane equals the scalar twin bit for bit (at the
 * preferred and at the 256-bit width), the error against Math/StrictMath stays within the stated
 * ulp bound on dense sweeps, and special values come out right.
 */
class VectorMathTest {
    /** A function under test: its vector forms, its scalar twin, the reference and the ulp bound. */
    private record F32(String name, UnaryOperator<FloatVector> vector, FloatUnary scalar, DoubleUnaryOperator exact, double maxUlps) {}

    private record F64(String name, UnaryOperator<DoubleVector> vector, DoubleUnaryOperator scalar, DoubleUnaryOperator exact, double maxUlps) {}

    private interface FloatUnary {
        float apply(float x);
    }

    private static final F32[] F32_FUNCTIONS = {
        new F32("exp", VectorMath::exp, VectorMath::exp, Math::exp, 1),
        new F32("expm1", VectorMath::expm1, VectorMath::expm1, Math::expm1, 2),
        new F32("log", VectorMath::log, VectorMath::log, Math::log, 1),
        new F32("log1p", VectorMath::log1p, VectorMath::log1p, Math::log1p, 2),
        new F32("tanh", VectorMath::tanh, VectorMath::tanh, Math::tanh, 3),
        new F32("sigmoid", VectorMath::sigmoid, VectorMath::sigmoid, VectorMathTest::sigmoid, 3),
    };

    private static final F64[] F64_FUNCTIONS = {
        new F64("exp", VectorMath64::exp, VectorMath64::exp, StrictMath::exp, 1),
        new F64("expm1", VectorMath64::expm1, VectorMath64::expm1, StrictMath::expm1, 2),
        new F64("log", VectorMath64::log, VectorMath64::log, StrictMath::log, 1),
        new F64("log1p", VectorMath64::log1p, VectorMath64::log1p, StrictMath::log1p, 1),
        new F64("tanh", VectorMath64::tanh, VectorMath64::tanh, StrictMath::tanh, 3),
        new F64("sigmoid", VectorMath64::sigmoid, VectorMath64::sigmoid, VectorMathTest::sigmoid, 3),
    };

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    /** Every 8209th float bit pattern (both signs, all magnitudes) and a fine linear sweep of [−25, 25]. */
    static float[] floatSweep() {
        int patterns = (int) ((1L << 32) / 8209);
        int linear = 100_000;
        float[] x = new float[patterns + linear];
        for (int i = 0; i < patterns; i++) {
            x[i] = Float.intBitsToFloat((int) (i * 8209L));
        }
        for (int i = 0; i < linear; i++) {
            x[patterns + i] = -25f + 50f * i / linear;
        }
        return x;
    }

    /** Every (2⁶⁴/2¹⁸)th double bit pattern and a fine linear sweep of [−50, 50]. */
    static double[] doubleSweep() {
        int patterns = 1 << 18;
        int linear = 100_000;
        double[] x = new double[patterns + linear];
        for (int i = 0; i < patterns; i++) {
            x[i] = Double.longBitsToDouble(((long) i << 46) | (i * 0x9E3779B97L & 0x3FFF_FFFF_FFFFL));
        }
        for (int i = 0; i < linear; i++) {
            x[patterns + i] = -50.0 + 100.0 * i / linear;
        }
        return x;
    }

    /** Every 64th value of the sweep (lanes are slow until C2 compiles them; the twin covers the rest) and the specials. */
    private static float[] everyNth(float[] x) {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 88.72f, 88.73f, -103.9f, -104f, 0x1p-26f};
        float[] some = new float[x.length / 64 + specials.length];
        for (int i = 0; i < x.length / 64; i++) {
            some[i] = x[64 * i];
        }
        System.arraycopy(specials, 0, some, x.length / 64, specials.length);
        return some;
    }

    private static double[] everyNth(double[] x) {
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 709.78, 709.79, -745.1, -746, 0x1p-55};
        double[] some = new double[x.length / 64 + specials.length];
        for (int i = 0; i < x.length / 64; i++) {
            some[i] = x[64 * i];
        }
        System.arraycopy(specials, 0, some, x.length / 64, specials.length);
        return some;
    }

    static float[] lanes(VectorSpecies<Float> species, UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        int i = 0;
        for (; i < species.loopBound(x.length); i += species.length()) {
            f.apply(FloatVector.fromArray(species, x, i)).intoArray(y, i);
        }
        float[] last = new float[species.length()];
        System.arraycopy(x, i, last, 0, x.length - i);
        System.arraycopy(f.apply(FloatVector.fromArray(species, last, 0)).toArray(), 0, y, i, x.length - i);
        return y;
    }

    static double[] lanes(VectorSpecies<Double> species, UnaryOperator<DoubleVector> f, double[] x) {
        double[] y = new double[x.length];
        int i = 0;
        for (; i < species.loopBound(x.length); i += species.length()) {
            f.apply(DoubleVector.fromArray(species, x, i)).intoArray(y, i);
        }
        double[] last = new double[species.length()];
        System.arraycopy(x, i, last, 0, x.length - i);
        System.arraycopy(f.apply(DoubleVector.fromArray(species, last, 0)).toArray(), 0, y, i, x.length - i);
        return y;
    }

    /** |got − exact| in units of the last place of the exact value rounded to the type. */
    private static double ulpError(double got, double exact, boolean f32) {
        if (Double.isNaN(exact) || Double.isNaN(got)) {
            return Double.isNaN(exact) == Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        double rounded = f32 ? (float) exact : exact;
        if (Double.isInfinite(rounded) || Double.isInfinite(got)) {
            return rounded == got ? 0 : Double.POSITIVE_INFINITY;
        }
        double ulp = f32 ? Math.ulp((float) exact) : Math.ulp(exact);
        return Math.abs(got - exact) / ulp;
    }

    @Test
    void f32LanesMatchTheScalarTwinAndStayWithinTheUlpBound() {
        float[] x = floatSweep();
        for (F32 f : F32_FUNCTIONS) {
            float[] some = everyNth(x);
            float[] wide = lanes(VectorSupport.FLOATS, f.vector(), some);
            float[] narrow = lanes(FloatVector.SPECIES_256, f.vector(), some);
            for (int i = 0; i < some.length; i++) {
                float twin = f.scalar().apply(some[i]);
                if (Float.floatToIntBits(twin) != Float.floatToIntBits(wide[i]) || Float.floatToIntBits(twin) != Float.floatToIntBits(narrow[i])) {
                    throw new AssertionError(f.name() + " F32 at " + some[i] + ": lanes " + wide[i] + "/" + narrow[i] + ", twin " + twin);
                }
            }
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < x.length; i++) {
                float twin = f.scalar().apply(x[i]);
                double error = ulpError(twin, f.exact().applyAsDouble(x[i]), true);
                if (error > worst) {
                    worst = error;
                    worstAt = x[i];
                }
            }
            System.out.printf("VectorMath %s F32: max %.3f ulp at %s%n", f.name(), worst, worstAt);
            assertTrue(worst <= f.maxUlps(), f.name() + " F32: " + worst + " ulp at " + worstAt);
        }
    }

    @Test
    void f64LanesMatchTheScalarTwinAndStayWithinTheUlpBound() {
        double[] x = doubleSweep();
        for (F64 f : F64_FUNCTIONS) {
            double[] some = everyNth(x);
            double[] wide = lanes(VectorSupport.DOUBLES, f.vector(), some);
            double[] narrow = lanes(DoubleVector.SPECIES_256, f.vector(), some);
            for (int i = 0; i < some.length; i++) {
                double twin = f.scalar().applyAsDouble(some[i]);
                if (Double.doubleToLongBits(twin) != Double.doubleToLongBits(wide[i]) || Double.doubleToLongBits(twin) != Double.doubleToLongBits(narrow[i])) {
                    throw new AssertionError(f.name() + " F64 at " + some[i] + ": lanes " + wide[i] + "/" + narrow[i] + ", twin " + twin);
                }
            }
            double worst = 0;
            double worstAt = 0;
            for (int i = 0; i < x.length; i++) {
                double twin = f.scalar().applyAsDouble(x[i]);
                double error = ulpError(twin, f.exact().applyAsDouble(x[i]), false);
                if (error > worst) {
                    worst = error;
                    worstAt = x[i];
                }
            }
            System.out.printf("VectorMath %s F64: max %.3f ulp at %s%n", f.name(), worst, worstAt);
            assertTrue(worst <= f.maxUlps(), f.name() + " F64: " + worst + " ulp at " + worstAt);
        }
    }

    @Test
    void specialValues() {
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(1f, VectorMath.exp(0f));
        assertEquals(inf, VectorMath.exp(inf));
        assertEquals(inf, VectorMath.exp(88.73f));
        assertEquals(0f, VectorMath.exp(-inf));
        assertEquals(0f, VectorMath.exp(-104f));
        assertEquals(Float.MIN_VALUE, VectorMath.exp(-103.5f), "e^−103.5 rounds to the smallest subnormal");
        assertEquals(Float.MAX_VALUE, VectorMath.exp(88.72283f), 0.01f * Float.MAX_VALUE);
        assertTrue(Float.isNaN(VectorMath.exp(Float.NaN)));
        assertEquals(-1f, VectorMath.expm1(-inf));
        assertEquals(inf, VectorMath.expm1(inf));
        assertEquals(-0f, VectorMath.expm1(-0f));
        assertEquals(1e-30f, VectorMath.expm1(1e-30f));
        assertEquals(0f, VectorMath.log(1f));
        assertEquals(-inf, VectorMath.log(0f));
        assertEquals(-inf, VectorMath.log(-0f));
        assertEquals(inf, VectorMath.log(inf));
        assertTrue(Float.isNaN(VectorMath.log(-1f)));
        assertTrue(Float.isNaN(VectorMath.log(Float.NaN)));
        assertEquals((float) Math.log(Float.MIN_VALUE), VectorMath.log(Float.MIN_VALUE));
        assertEquals(-0f, VectorMath.log1p(-0f));
        assertEquals(-inf, VectorMath.log1p(-1f));
        assertEquals(inf, VectorMath.log1p(inf));
        assertTrue(Float.isNaN(VectorMath.log1p(-2f)));
        assertEquals(-0f, VectorMath.tanh(-0f));
        assertEquals(1f, VectorMath.tanh(inf));
        assertEquals(-1f, VectorMath.tanh(-30f));
        assertTrue(Float.isNaN(VectorMath.tanh(Float.NaN)));
        assertEquals(0.5f, VectorMath.sigmoid(0f));
        assertEquals(1f, VectorMath.sigmoid(inf));
        assertEquals(0f, VectorMath.sigmoid(-inf));
        assertTrue(Float.isNaN(VectorMath.sigmoid(Float.NaN)));

        double dinf = Double.POSITIVE_INFINITY;
        assertEquals(1.0, VectorMath64.exp(0.0));
        assertEquals(Math.E, VectorMath64.exp(1.0), Math.ulp(Math.E));
        assertEquals(dinf, VectorMath64.exp(709.8));
        assertEquals(0.0, VectorMath64.exp(-dinf));
        assertEquals(Double.MIN_VALUE, VectorMath64.exp(-745.0));
        assertTrue(Double.isNaN(VectorMath64.exp(Double.NaN)));
        assertEquals(-1.0, VectorMath64.expm1(-dinf));
        assertEquals(dinf, VectorMath64.expm1(dinf));
        assertEquals(-0.0, VectorMath64.expm1(-0.0));
        assertEquals(-dinf, VectorMath64.log(0.0));
        assertEquals(dinf, VectorMath64.log(dinf));
        assertEquals(Math.log(Double.MIN_VALUE), VectorMath64.log(Double.MIN_VALUE));
        assertTrue(Double.isNaN(VectorMath64.log(-Double.MIN_VALUE)));
        assertEquals(-dinf, VectorMath64.log1p(-1.0));
        assertEquals(-0.0, VectorMath64.log1p(-0.0));
        assertEquals(-0.0, VectorMath64.tanh(-0.0));
        assertEquals(-1.0, VectorMath64.tanh(-dinf));
        assertEquals(0.5, VectorMath64.sigmoid(0.0));
        assertEquals(0.0, VectorMath64.sigmoid(-dinf));
    }
}
