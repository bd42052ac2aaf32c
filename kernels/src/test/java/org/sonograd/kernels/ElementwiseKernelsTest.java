package org.sonograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ElementwiseKernels against ElementwiseReference: awkward sizes, layouts, broadcasting, aliasing. */
class ElementwiseKernelsTest {
    private static final long[] SIZES = {1, 3, 17, 255, 1031};

    private final TestOperands ops = new TestOperands(42);

    @AfterEach
    void close() {
        ops.close();
    }

    private static long[][] shapes(long n) {
        return new long[][] {{3, n}, {n, 3}};
    }

    private void positiveDomain(UnaryOp op, Operand x) {
        if (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.LOG1P) {
            ops.randomize(x.data(), x.dtype(), x.data().byteSize() / x.dtype().byteSize(), 0.001, 8);
        }
    }

    /**
     * Allowed distance from the reference ({@code Math} in double, rounded once): the VectorMath
     * bound against the exact value plus the half ulp of the reference's own rounding; every other
     * operator is bit-exact.
     */
    private static int ulps(UnaryOp op) {
        return switch (op) {
            case EXP, LOG -> 2;
            case EXPM1, LOG1P -> 3;
            case TANH, SIGMOID -> 4;
            default -> 0;
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                for (long[] shape : shapes(n)) {
                    for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                        Operand x = ops.operand(t, shape, layout);
                        positiveDomain(op, x);
                        Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(t, shape, layout);
                        ElementwiseReference.unary(op, shape, x, expected);
                        ElementwiseKernels.unary(op, shape, x, actual);
                        TestOperands.assertClose(op + " " + t + " " + layout, shape, expected, actual, ulps(op));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryOnSpecialValues(UnaryOp op) {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0,
                100.0, -100.0, 1e-30, -1e-30, 88.0, -88.0, 20.0, -20.0, 0.5, -0.5, 700.0, -700.0};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            long[] shape = {specials.length};
            Operand x = ops.of(t, shape, specials);
            Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            Operand actual = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            ElementwiseReference.unary(op, shape, x, expected);
            ElementwiseKernels.unary(op, shape, x, actual);
            TestOperands.assertClose(op + " " + t + " specials", shape, expected, actual, ulps(op));
        }
    }

    /**
     * The determinism property of the VectorMath ops: the vector loop (unit stride) and the scalar
     * loop (stepped layout) give the same bits, at every lane position and in the masked tail.
     */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "EXPM1", "LOG", "LOG1P", "TANH", "SIGMOID"})
    void vectorAndScalarLoopsGiveTheSameBits(UnaryOp op) {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            long[] shape = {3, 1031};
            Operand stepped = ops.operand(t, shape, TestOperands.Layout.STEPPED);
            ops.randomize(stepped.data(), t, stepped.data().byteSize() / t.byteSize(), -30, 30);
            Operand contiguous = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            ElementwiseKernels.unary(UnaryOp.NEG, shape, stepped, contiguous);
            ElementwiseKernels.unary(UnaryOp.NEG, shape, contiguous, contiguous);
            Operand vectorOut = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            Operand scalarOut = ops.operand(t, shape, TestOperands.Layout.STEPPED);
            ElementwiseKernels.unary(op, shape, contiguous, vectorOut);
            ElementwiseKernels.unary(op, shape, stepped, scalarOut);
            TestOperands.assertSameBits(op + " " + t + " vector vs scalar loop", shape, vectorOut, scalarOut);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceWithBroadcasting(BinaryOp op) {
        // broadcast patterns over [m, n] for (a, b): none, scalar, row, column, and both operands
        boolean[][][] patterns = {
            {{false, false}, {false, false}},
            {{false, false}, {true, true}},
            {{true, true}, {false, false}},
            {{false, false}, {true, false}},
            {{false, false}, {false, true}},
            {{true, false}, {false, true}},
            {{false, true}, {false, true}},
        };
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            DType outType = op.isComparison() ? DType.BOOL : t;
            for (long n : SIZES) {
                long[] shape = {5, n};
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    // every pattern on contiguous a; the first four on permuted and stepped a
                    for (boolean[][] pattern : layout == TestOperands.Layout.CONTIGUOUS ? patterns : java.util.Arrays.copyOf(patterns, 4)) {
                        Operand a = TestOperands.broadcast(ops.operand(t, shape, layout), pattern[0]);
                        Operand b = TestOperands.broadcast(ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS), pattern[1]);
                        if (op == BinaryOp.POW) {
                            ops.randomize(a.data(), t, a.data().byteSize() / t.byteSize(), 0.01, 4);
                        } else if (op.isComparison()) { // make ties common
                            ops.randomize(b.data(), t, b.data().byteSize() / t.byteSize(), -2, 2);
                            ops.randomize(a.data(), t, a.data().byteSize() / t.byteSize(), -2, 2);
                            roundToIntegers(a);
                            roundToIntegers(b);
                        }
                        Operand expected = ops.operand(outType, shape, TestOperands.Layout.CONTIGUOUS);
                        Operand actual = ops.operand(outType, shape, layout);
                        ElementwiseReference.binary(op, shape, a, b, expected);
                        ElementwiseKernels.binary(op, shape, a, b, actual);
                        TestOperands.assertSameBits(op + " " + t + " " + layout + " n=" + n, shape, expected, actual);
                    }
                }
            }
        }
    }

    private static void roundToIntegers(Operand o) {
        long n = o.data().byteSize() / o.dtype().byteSize();
        for (long i = 0; i < n; i++) {
            Elements.writeDouble(o.data(), o.dtype(), i, Math.rint(Elements.readDouble(o.data(), o.dtype(), i)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"MAX", "MIN", "EQ", "NE", "LT", "LE", "GT", "GE"})
    void binaryOnNanAndSignedZeros(BinaryOp op) {
        double[] av = {Double.NaN, 1.0, Double.NaN, 0.0, -0.0, 2.0, Double.NEGATIVE_INFINITY, 3.0};
        double[] bv = {1.0, Double.NaN, Double.NaN, -0.0, 0.0, 2.0, Double.POSITIVE_INFINITY, -3.0};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            long[] shape = {av.length};
            DType outType = op.isComparison() ? DType.BOOL : t;
            Operand a = ops.of(t, shape, av);
            Operand b = ops.of(t, shape, bv);
            Operand expected = ops.operand(outType, shape, TestOperands.Layout.CONTIGUOUS);
            Operand actual = ops.operand(outType, shape, TestOperands.Layout.CONTIGUOUS);
            ElementwiseReference.binary(op, shape, a, b, expected);
            ElementwiseKernels.binary(op, shape, a, b, actual);
            TestOperands.assertSameBits(op + " " + t, shape, expected, actual);
        }
    }

    @Test
    void fmaMatchesReferenceWithBroadcasting() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (long n : SIZES) {
                long[] shape = {4, n};
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    Operand a = ops.operand(t, shape, layout);
                    Operand b = TestOperands.broadcast(ops.operand(t, shape, layout), true, false);
                    Operand c = TestOperands.broadcast(ops.operand(t, shape, layout), false, true);
                    Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                    Operand actual = ops.operand(t, shape, layout);
                    ElementwiseReference.fma(shape, a, b, c, expected);
                    ElementwiseKernels.fma(shape, a, b, c, actual);
                    TestOperands.assertSameBits("fma " + t + " " + layout, shape, expected, actual);
                }
            }
        }
    }

    @Test
    void fillWritesEveryDtypeThroughStrides() {
        double[] values = {0.0, -0.0, 2.75, -3.5, 300.0, Double.NaN};
        for (DType t : DType.values()) {
            for (double v : values) {
                long[] shape = {3, 17};
                for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                    Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                    Operand actual = ops.operand(t, shape, layout);
                    ElementwiseReference.fill(shape, expected, v);
                    ElementwiseKernels.fill(shape, actual, v);
                    TestOperands.assertSameBits("fill " + t + " " + v + " " + layout, shape, expected, actual);
                }
            }
        }
    }

    @Test
    void inPlaceOutputAliasingAnInput() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            long[] shape = {7, 1031};
            for (TestOperands.Layout layout : TestOperands.Layout.values()) {
                Operand a = ops.operand(t, shape, layout);
                Operand b = ops.operand(t, shape, layout);
                Operand expected = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
                ElementwiseReference.binary(BinaryOp.MUL, shape, a, b, expected);
                ElementwiseKernels.binary(BinaryOp.MUL, shape, a, b, a);
                TestOperands.assertSameBits("in-place mul " + t + " " + layout, shape, expected, a);

                ElementwiseReference.unary(UnaryOp.TANH, shape, b, expected);
                ElementwiseKernels.unary(UnaryOp.TANH, shape, b, b);
                TestOperands.assertClose("in-place tanh " + t + " " + layout, shape, expected, b, ulps(UnaryOp.TANH));
                ElementwiseReference.unary(UnaryOp.SQUARE, shape, a, expected);
                ElementwiseKernels.unary(UnaryOp.SQUARE, shape, a, a);
                TestOperands.assertSameBits("in-place square " + t + " " + layout, shape, expected, a);
            }
        }
    }

    @Test
    void resultDoesNotDependOnHowRowsAreSplitIntoTasks() {
        // 40 padded rows of 4099 (they cannot merge) run as 3 parallel tasks of GRAIN elements;
        // the same rows one call each must give the same bits.
        long rows = 40;
        long n = 4099;
        long pitch = n + 5;
        long[] shape = {rows, n};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Operand x = new Operand(ops.operand(t, new long[] {rows * pitch}, TestOperands.Layout.CONTIGUOUS).data(), t, 0,
                    new long[] {pitch, 1});
            Operand whole = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            Operand byRow = ops.operand(t, shape, TestOperands.Layout.CONTIGUOUS);
            for (UnaryOp op : new UnaryOp[] {UnaryOp.SIGMOID, UnaryOp.RECIPROCAL}) {
                ElementwiseKernels.unary(op, shape, x, whole);
                for (long r = 0; r < rows; r++) {
                    long[] rowShape = {n};
                    Operand xr = new Operand(x.data(), t, r * pitch, new long[] {1});
                    Operand or = new Operand(byRow.data(), t, r * n, new long[] {1});
                    ElementwiseKernels.unary(op, rowShape, xr, or);
                }
                TestOperands.assertSameBits(op + " split " + t, shape, whole, byRow);
            }
        }
    }

    @Test
    void closedFormCases() {
        long[] three = {3};
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Operand out = ops.operand(t, three, TestOperands.Layout.CONTIGUOUS);
            ElementwiseKernels.unary(UnaryOp.SIGMOID, three, ops.of(t, three, 0, 1000, -1000), out);
            assertArrayEquals(new double[] {0.5, 1.0, 0.0}, TestOperands.values(three, out));
            ElementwiseKernels.unary(UnaryOp.EXP, three, ops.of(t, three, 0, 1, Double.NEGATIVE_INFINITY), out);
            assertArrayEquals(new double[] {1.0, Math.E, 0.0}, TestOperands.values(three, out), 1e-6);
            ElementwiseKernels.unary(UnaryOp.RELU, three, ops.of(t, three, -2, 0, 3), out);
            assertArrayEquals(new double[] {0, 0, 3}, TestOperands.values(three, out));
            ElementwiseKernels.unary(UnaryOp.SIGN, three, ops.of(t, three, -2, 0, 3), out);
            assertArrayEquals(new double[] {-1, 0, 1}, TestOperands.values(three, out));

            // [1, 2, 3] + 10 (scalar broadcast), [1, 2, 3] < 2, 2·3 + 1
            Operand ten = new Operand(ops.of(t, new long[] {1}, 10).data(), t, 0, new long[] {0});
            ElementwiseKernels.binary(BinaryOp.ADD, three, ops.of(t, three, 1, 2, 3), ten, out);
            assertArrayEquals(new double[] {11, 12, 13}, TestOperands.values(three, out));
            Operand mask = ops.operand(DType.BOOL, three, TestOperands.Layout.CONTIGUOUS);
            ElementwiseKernels.binary(BinaryOp.LT, three, ops.of(t, three, 1, 2, 3), ops.of(t, three, 2, 2, 2), mask);
            assertArrayEquals(new double[] {1, 0, 0}, TestOperands.values(three, mask));
            long[] one = {1};
            ElementwiseKernels.fma(one, ops.of(t, one, 2), ops.of(t, one, 3), ops.of(t, one, 1), out);
            assertArrayEquals(new double[] {7}, TestOperands.values(one, new Operand(out.data(), t, 0, new long[] {1})));

            // [[1], [2]] * [10, 20, 30]: a column against a row gives the outer product
            long[] grid = {2, 3};
            Operand column = new Operand(ops.of(t, new long[] {2}, 1, 2).data(), t, 0, new long[] {1, 0});
            Operand row = new Operand(ops.of(t, three, 10, 20, 30).data(), t, 0, new long[] {0, 1});
            Operand product = ops.operand(t, grid, TestOperands.Layout.CONTIGUOUS);
            ElementwiseKernels.binary(BinaryOp.MUL, grid, column, row, product);
            assertArrayEquals(new double[] {10, 20, 30, 20, 40, 60}, TestOperands.values(grid, product));
        }
    }

    @Test
    void dtypeMismatchNamesTheOp() {
        long[] shape = {3};
        Operand f = ops.operand(DType.F32, shape, TestOperands.Layout.CONTIGUOUS);
        Operand d = ops.operand(DType.F64, shape, TestOperands.Layout.CONTIGUOUS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElementwiseKernels.binary(BinaryOp.ADD, shape, f, d, f));
        assertTrue(e.getMessage().contains("binary ADD") && e.getMessage().contains("F64"), e.getMessage());
    }
}
