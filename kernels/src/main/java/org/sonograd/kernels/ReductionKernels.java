package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over any set of axes, F32 and F64. The output has the input's rank, with size 1 on
 * the reduced axes (keep-dims layout; its strides on those axes are ignored). Each reduced extent is
 * cut into fixed chunks whose partial results are combined in a fixed order, so the bits do not
 * depend on the thread count.
 *
 * <p>Summation order (see {@link ReductionLayout} for how axes are merged and ordered):
 * <ul>
 *   <li>F32 accumulates in float over short runs only (a segment of at most {@value #BLOCK}
 *       elements of a unit-stride row, or {@value #COLUMN_BLOCK} rows of a column), and the run
 *       results are added in double in a fixed order; the final value is rounded to float once.
 *       This is at least as accurate as PyTorch's cascade summation. F64 does the same in double.
 *   <li>The runs of one output are grouped into chunks of about {@value #CHUNK} elements. Tasks
 *       compute whole chunks, and the chunk results are added in chunk order, so when few outputs
 *       remain (a full sum of 16M elements) the work is still spread over the pool.
 *   <li>The run boundaries depend on the shape and strides only; the lane order inside a unit-stride
 *       run depends on the vector width (so AVX2 and AVX-512 machines may differ in the last bit).
 *       Column reductions give the same bits with and without the Vector API.
 * </ul>
 * MEAN divides the double sum by n; variance is two-pass (mean, then Σ(x − mean)²), accurate for
 * data with a large mean.
 */
public final class ReductionKernels {
    /** Longest run of a unit-stride row folded in float (F32) before being added in double. */
    static final int BLOCK = 1024;
    /** Rows of a column reduction folded in float (F32) before being added in double. */
    static final int COLUMN_BLOCK = 256;
    /** Adjacent outputs of a column reduction folded together, each row's stretch streamed once. */
    static final int COLUMN_GROUP = 1024;
    /** Elements of one output's reduced extent per chunk (a unit of parallel work). */
    static final long CHUNK = 1 << 16;
    /** Elements per task when many outputs are computed. */
    private static final long GRAIN = 1 << 15;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ReductionKernels() {}

    /** out = op over the axes marked in {@code axes} of x. */
    public static void reduce(ReduceOp op, long[] shape, Operand x, boolean[] axes, Operand out) {
        reduce(op, shape, x, axes, out, ExecutionMode.DEFAULT);
    }

    /** Variance over the marked axes: Σ(x − mean)² / (n − correction). */
    public static void variance(long[] shape, Operand x, boolean[] axes, double correction, Operand out) {
        variance(shape, x, axes, correction, out, ExecutionMode.DEFAULT);
    }

    /** Index (I64) of the first maximum along {@code axis}; NaN counts as the maximum, as in PyTorch. */
    public static void argmax(long[] shape, Operand x, int axis, Operand out) {
        argmax(shape, x, axis, out, ExecutionMode.DEFAULT);
    }

    static void reduce(ReduceOp op, long[] shape, Operand x, boolean[] axes, Operand out, ExecutionMode mode) {
        String name = op.name().toLowerCase();
        checkFloatingTypes(name, x, out);
        ReductionLayout layout = new ReductionLayout(name, shape, x, axes, out);
        long n = layout.reducedCount;
        if (n == 0 && layout.outputs > 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            throw new IllegalArgumentException(name + ": cannot reduce zero elements (shape " + Shapes.format(shape)
                    + ", a reduced axis has size 0); max and min have no identity");
        }
        DoubleUnaryOperator finish = op == ReduceOp.MEAN ? total -> total / n : total -> total;
        run(Accumulate.of(op), layout, x, out, finish, false, mode);
    }

    static void variance(long[] shape, Operand x, boolean[] axes, double correction, Operand out, ExecutionMode mode) {
        checkFloatingTypes("variance", x, out);
        ReductionLayout layout = new ReductionLayout("variance", shape, x, axes, out);
        long n = layout.reducedCount;
        double divisor = Math.max(0.0, n - correction); // as PyTorch: n ≤ correction gives inf or NaN
        run(Accumulate.SUM, layout, x, out, total -> total / n, false, mode);               // out = mean
        run(Accumulate.SQUARED_DEVIATION, layout, x, out, total -> total / divisor, true, mode); // centred on out
    }

    private static void checkFloatingTypes(String name, Operand x, Operand out) {
        if (!x.dtype().isFloatingPoint() || out.dtype() != x.dtype()) {
            throw new IllegalArgumentException(name + ": needs an F32 or F64 input and an output of the same dtype, got "
                    + x.dtype() + " -> " + out.dtype());
        }
    }

    /**
     * Folds every output's reduced extent with {@code acc} and writes {@code finish(total)}. With
     * {@code centred}, the output already holds each output's centre (the mean), read before it is
     * overwritten.
     */
    private static void run(Accumulate acc, ReductionLayout layout, Operand x, Operand out, DoubleUnaryOperator finish,
            boolean centred, ExecutionMode mode) {
        if (layout.outputs == 0) {
            return;
        }
        if (layout.reducedCount == 0) {
            for (long o = 0; o < layout.outputs; o++) {
                write(out, layout.outOffset + layout.keptOutputOffset(o, layout.keptShape.length), finish.applyAsDouble(acc.identity()));
            }
            return;
        }
        int kd = layout.keptShape.length;
        int rd = layout.reducedShape.length;
        boolean keptInnerContiguous = kd > 0 && layout.keptX[kd - 1] == 1;
        boolean reducedInnerContiguous = rd > 0 && layout.reducedX[rd - 1] == 1;
        if (keptInnerContiguous && !reducedInnerContiguous) {
            new ColumnPlan(acc, layout, x, out, finish, centred, mode).run();
        } else {
            new RowPlan(acc, layout, x, out, finish, centred, mode).run();
        }
    }

    /**
     * Work split shared by both plans: {@code units} independent output groups, each with
     * {@code chunks} chunks of its reduced extent. A task computes consecutive (unit, chunk) pairs;
     * chunk results are kept in a scratch buffer and added in chunk order at the end.
     */
    private abstract static class Plan {
        final Accumulate acc;
        final ReductionLayout layout;
        final Operand x;
        final Operand out;
        final DoubleUnaryOperator finish;
        final boolean centred;
        final ExecutionMode mode;

        Plan(Accumulate acc, ReductionLayout layout, Operand x, Operand out, DoubleUnaryOperator finish, boolean centred,
                ExecutionMode mode) {
            this.acc = acc;
            this.layout = layout;
            this.x = x;
            this.out = out;
            this.finish = finish;
            this.centred = centred;
            this.mode = mode;
        }

        abstract long units();

        abstract int chunks();

        /** Outputs of one unit (at most {@link #maxWidth()}). */
        abstract int width(long unit);

        abstract int maxWidth();

        /** Elements folded by one (unit, chunk) pair, roughly. */
        abstract long elementsPerPair();

        /** Folds chunk {@code chunk} of unit {@code unit} into {@code part[0, width)}, which holds the identity. */
        abstract void fold(long unit, int chunk, double[] part);

        /** Output offset of output j of unit {@code unit}. */
        abstract long outputOffset(long unit, int j);

        final void run() {
            long units = units();
            int chunks = chunks();
            int width = maxWidth();
            long pairs = units * chunks;
            long pairsPerTask = Math.max(1, GRAIN / Math.max(1, elementsPerPair()));
            int tasks = Parallel.chunks(pairs, pairsPerTask);
            MemorySegment partials = chunks == 1 ? null : CachingAllocator.global().allocate(pairs * width * Double.BYTES);
            try {
                mode.forEach(tasks, t -> {
                    double[] part = new double[width];
                    for (long p = t * pairsPerTask; p < Math.min(pairs, (t + 1) * pairsPerTask); p++) {
                        long unit = p / chunks;
                        int w = width(unit);
                        Arrays.fill(part, 0, w, acc.identity());
                        fold(unit, (int) (p % chunks), part);
                        for (int j = 0; j < w; j++) {
                            if (partials == null) {
                                write(out, outputOffset(unit, j), finish.applyAsDouble(part[j]));
                            } else {
                                partials.setAtIndex(JAVA_DOUBLE, p * width + j, part[j]);
                            }
                        }
                    }
                });
                if (partials != null) {
                    for (long unit = 0; unit < units; unit++) {
                        for (int j = 0; j < width(unit); j++) {
                            double total = acc.identity();
                            for (int c = 0; c < chunks; c++) {
                                total = acc.combine(total, partials.getAtIndex(JAVA_DOUBLE, (unit * chunks + c) * width + j));
                            }
                            write(out, outputOffset(unit, j), finish.applyAsDouble(total));
                        }
                    }
                }
            } finally {
                if (partials != null) {
                    CachingAllocator.global().release(partials);
                }
            }
        }

        /** The centre of output j of a unit: the value the output holds before it is overwritten. */
        final double centre(long unit, int j) {
            return centred ? read(out, outputOffset(unit, j)) : 0.0;
        }
    }

    /**
     * One output per unit; its reduced extent is a sequence of rows along the innermost reduced
     * dimension (unit stride on the fast path), each cut into segments of at most {@link #BLOCK}.
     */
    private static final class RowPlan extends Plan {
        private final int outerReducedDims;
        private final long rowLength;
        private final long rowStride;
        private final long piecesPerRow;
        private final long segments;
        private final long segmentsPerChunk;
        private final int chunks;

        RowPlan(Accumulate acc, ReductionLayout layout, Operand x, Operand out, DoubleUnaryOperator finish, boolean centred,
                ExecutionMode mode) {
            super(acc, layout, x, out, finish, centred, mode);
            int rd = layout.reducedShape.length;
            this.outerReducedDims = Math.max(0, rd - 1);
            this.rowLength = rd == 0 ? 1 : layout.reducedShape[rd - 1];
            this.rowStride = rd == 0 ? 0 : layout.reducedX[rd - 1];
            this.piecesPerRow = (rowLength + BLOCK - 1) / BLOCK;
            this.segments = layout.reducedCount / rowLength * piecesPerRow;
            this.segmentsPerChunk = Math.max(1, CHUNK / Math.min(rowLength, BLOCK));
            this.chunks = Parallel.chunks(segments, segmentsPerChunk);
        }

        @Override
        long units() {
            return layout.outputs;
        }

        @Override
        int chunks() {
            return chunks;
        }

        @Override
        int width(long unit) {
            return 1;
        }

        @Override
        int maxWidth() {
            return 1;
        }

        @Override
        long elementsPerPair() {
            return Math.min(segments, segmentsPerChunk) * Math.min(rowLength, BLOCK);
        }

        @Override
        long outputOffset(long unit, int j) {
            return layout.outOffset + layout.keptOutputOffset(unit, layout.keptShape.length);
        }

        @Override
        void fold(long unit, int chunk, double[] part) {
            long base = layout.xOffset + layout.keptInputOffset(unit, layout.keptShape.length);
            double centre = centre(unit, 0);
            boolean f32 = x.dtype() == DType.F32;
            double total = part[0];
            for (long s = chunk * segmentsPerChunk; s < Math.min(segments, (chunk + 1) * segmentsPerChunk); s++) {
                long row = s / piecesPerRow;
                long start = (s % piecesPerRow) * BLOCK;
                long off = base + layout.reducedInputOffset(row, outerReducedDims) + start * rowStride;
                int len = (int) Math.min(BLOCK, rowLength - start);
                double run = f32
                        ? RowReductions.f32(acc, x.data(), off, len, rowStride, (float) centre, mode.vectors())
                        : RowReductions.f64(acc, x.data(), off, len, rowStride, centre, mode.vectors());
                total = acc.combine(total, run);
            }
            part[0] = total;
        }
    }

    /**
     * Up to {@link #COLUMN_GROUP} outputs adjacent along the kept innermost dimension (unit stride
     * in the input) form a unit; the reduced rows are walked in blocks of {@link #COLUMN_BLOCK}.
     */
    private static final class ColumnPlan extends Plan {
        private final int keptOuterDims;
        private final long columns;
        private final long groupsPerOuter;
        private final int groupWidth;
        private final long rowsPerChunk;
        private final int chunks;

        ColumnPlan(Accumulate acc, ReductionLayout layout, Operand x, Operand out, DoubleUnaryOperator finish, boolean centred,
                ExecutionMode mode) {
            super(acc, layout, x, out, finish, centred, mode);
            this.keptOuterDims = layout.keptShape.length - 1;
            this.columns = layout.keptShape[keptOuterDims];
            this.groupWidth = (int) Math.min(columns, COLUMN_GROUP);
            this.groupsPerOuter = (columns + groupWidth - 1) / groupWidth;
            this.rowsPerChunk = COLUMN_BLOCK * Math.max(1, CHUNK / (COLUMN_BLOCK * columns));
            this.chunks = Parallel.chunks(layout.reducedCount, rowsPerChunk);
        }

        @Override
        long units() {
            return layout.outputs / columns * groupsPerOuter;
        }

        @Override
        int chunks() {
            return chunks;
        }

        @Override
        int width(long unit) {
            return (int) Math.min(groupWidth, columns - (unit % groupsPerOuter) * groupWidth);
        }

        @Override
        int maxWidth() {
            return groupWidth;
        }

        @Override
        long elementsPerPair() {
            return Math.min(layout.reducedCount, rowsPerChunk) * groupWidth;
        }

        @Override
        long outputOffset(long unit, int j) {
            long column = (unit % groupsPerOuter) * groupWidth + j;
            return layout.outOffset + layout.keptOutputOffset(unit / groupsPerOuter, keptOuterDims)
                    + column * layout.keptOut[keptOuterDims];
        }

        @Override
        void fold(long unit, int chunk, double[] part) {
            long base = layout.xOffset + layout.keptInputOffset(unit / groupsPerOuter, keptOuterDims)
                    + (unit % groupsPerOuter) * groupWidth;
            int w = width(unit);
            int reducedDims = layout.reducedShape.length;
            long[] rowOffsets = new long[COLUMN_BLOCK];
            boolean f32 = x.dtype() == DType.F32;
            float[] centresF32 = centred && f32 ? new float[w] : null;
            double[] centresF64 = centred && !f32 ? new double[w] : null;
            for (int j = 0; centred && j < w; j++) {
                if (f32) {
                    centresF32[j] = (float) centre(unit, j);
                } else {
                    centresF64[j] = centre(unit, j);
                }
            }
            long end = Math.min(layout.reducedCount, (chunk + 1) * rowsPerChunk);
            for (long r0 = chunk * rowsPerChunk; r0 < end; r0 += COLUMN_BLOCK) {
                int rows = (int) Math.min(COLUMN_BLOCK, end - r0);
                for (int r = 0; r < rows; r++) {
                    rowOffsets[r] = layout.reducedInputOffset(r0 + r, reducedDims);
                }
                if (f32) {
                    ColumnReductions.f32(acc, x.data(), base, rowOffsets, rows, w, centresF32, part, mode.vectors());
                } else {
                    ColumnReductions.f64(acc, x.data(), base, rowOffsets, rows, w, centresF64, part, mode.vectors());
                }
            }
        }
    }

    static void argmax(long[] shape, Operand x, int axis, Operand out, ExecutionMode mode) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("argmax: axis " + axis + " is out of range for shape " + Shapes.format(shape));
        }
        if (!x.dtype().isFloatingPoint() || out.dtype() != DType.I64) {
            throw new IllegalArgumentException("argmax: needs an F32 or F64 input and an I64 output, got "
                    + x.dtype() + " -> " + out.dtype());
        }
        if (shape[axis] == 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + Shapes.format(shape)
                    + " has size 0; the maximum of no elements is undefined");
        }
        boolean[] axes = new boolean[shape.length];
        axes[axis] = true;
        ReductionLayout layout = new ReductionLayout("argmax", shape, x, axes, out);
        long length = shape[axis];
        long stride = x.strides()[axis];
        int kd = layout.keptShape.length;
        long outputsPerTask = Math.max(1, GRAIN / length);
        int tasks = Parallel.chunks(layout.outputs, outputsPerTask);
        mode.forEach(tasks, t -> {
            for (long o = t * outputsPerTask; o < Math.min(layout.outputs, (t + 1) * outputsPerTask); o++) {
                long off = layout.xOffset + layout.keptInputOffset(o, kd);
                long index = stride == 1 && mode.vectors()
                        ? (x.dtype() == DType.F32 ? argmaxF32(x.data(), off, length) : argmaxF64(x.data(), off, length))
                        : argmaxScalar(x, off, length, stride);
                out.data().setAtIndex(JAVA_LONG, layout.outOffset + layout.keptOutputOffset(o, kd), index);
            }
        });
    }

    // first i with x[i] > every earlier x, or the first NaN
    private static long argmaxScalar(Operand x, long off, long length, long stride) {
        double best = read(x, off);
        long index = 0;
        for (long i = 1; i < length && !Double.isNaN(best); i++) {
            double v = read(x, off + i * stride);
            if (v > best || Double.isNaN(v)) {
                best = v;
                index = i;
            }
        }
        return index;
    }

    // Two passes over a unit-stride row: the NaN-propagating maximum, then the first lane equal to it (or NaN).
    private static long argmaxF32(MemorySegment m, long off, long length) {
        VectorSpecies<Float> species = VectorSupport.FLOATS;
        int lanes = species.length();
        long base = off * Float.BYTES;
        FloatVector best = FloatVector.broadcast(species, Float.NEGATIVE_INFINITY);
        long i = 0;
        for (; i <= length - lanes; i += lanes) {
            best = best.max(FloatVector.fromMemorySegment(species, m, base + i * Float.BYTES, ORDER));
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float lane : best.toArray()) {
            max = Math.max(max, lane);
        }
        for (; i < length; i++) {
            max = Math.max(max, m.getAtIndex(JAVA_FLOAT, off + i));
        }
        boolean nan = Float.isNaN(max);
        for (i = 0; i <= length - lanes; i += lanes) {
            FloatVector v = FloatVector.fromMemorySegment(species, m, base + i * Float.BYTES, ORDER);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(max);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < length; i++) {
            float v = m.getAtIndex(JAVA_FLOAT, off + i);
            if (nan ? Float.isNaN(v) : v == max) {
                return i;
            }
        }
        throw new IllegalStateException("argmax: maximum not found again"); // unreachable
    }

    private static long argmaxF64(MemorySegment m, long off, long length) {
        VectorSpecies<Double> species = VectorSupport.DOUBLES;
        int lanes = species.length();
        long base = off * Double.BYTES;
        DoubleVector best = DoubleVector.broadcast(species, Double.NEGATIVE_INFINITY);
        long i = 0;
        for (; i <= length - lanes; i += lanes) {
            best = best.max(DoubleVector.fromMemorySegment(species, m, base + i * Double.BYTES, ORDER));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double lane : best.toArray()) {
            max = Math.max(max, lane);
        }
        for (; i < length; i++) {
            max = Math.max(max, m.getAtIndex(JAVA_DOUBLE, off + i));
        }
        boolean nan = Double.isNaN(max);
        for (i = 0; i <= length - lanes; i += lanes) {
            DoubleVector v = DoubleVector.fromMemorySegment(species, m, base + i * Double.BYTES, ORDER);
            VectorMask<Double> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(max);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < length; i++) {
            double v = m.getAtIndex(JAVA_DOUBLE, off + i);
            if (nan ? Double.isNaN(v) : v == max) {
                return i;
            }
        }
        throw new IllegalStateException("argmax: maximum not found again"); // unreachable
    }

    private static double read(Operand operand, long index) {
        return operand.dtype() == DType.F32
                ? operand.data().getAtIndex(JAVA_FLOAT, index)
                : operand.data().getAtIndex(JAVA_DOUBLE, index);
    }

    private static void write(Operand operand, long index, double value) {
        if (operand.dtype() == DType.F32) {
            operand.data().setAtIndex(JAVA_FLOAT, index, (float) value);
        } else {
            operand.data().setAtIndex(JAVA_DOUBLE, index, value);
        }
    }
}
