package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormKernels} for F32 with few values per sample and channel (S &lt; {@link #MAX_SPATIAL}:
 * ResNet's last stages at 2×2 or 4×4, BatchNorm1d's [N, C]). There a channel's N runs of S values are
 * too short for vectors and the per-channel tasks cost more than their arithmetic, so this version
 * reads each sample's row of C·S values (the columns j = ch·S + k) with vectors across channels.
 *
 * <p>Every pass keeps one float partial per column, summed over up to {@link #ROWS} samples in
 * order and then added in double; a channel's total adds its S columns in order in double. The
 * per-channel formulas ({@link BatchNormKernels#affine}, {@link BatchNormKernels#gradient}) and the
 * element formulas (y = (x − m)·scale + shift, dx = a·g + (b·(x − m) + c0), the ReLU's clamp and
 * gate) are those of the per-channel path; only the order of the sums differs. Tasks take blocks of
 * whole channels, and a column's sums never depend on the block, so the bits depend on the shape
 * only, never on the thread count.
 */
final class BatchNormColumns {
    /** Values per sample and channel below which this version runs. */
    static final int MAX_SPATIAL = 32;
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Samples summed in float before a column's partial is added in double. */
    private static final int ROWS = 256;
    /** Columns a task takes (whole channels). */
    private static final int COLUMNS_PER_TASK = 2048;

    private BatchNormColumns() {}

    /** Whether this version runs for dtype t and s values per sample and channel. */
    static boolean applies(DType t, long s) {
        return t == DType.F32 && VectorSupport.enabled() && s < MAX_SPATIAL;
    }

    /** See {@link BatchNormKernels#forward}. */
    static void forward(long n, long c, long s, MemorySegment x, MemorySegment weight, MemorySegment bias, double eps,
                        boolean relu, MemorySegment y, MemorySegment mean, MemorySegment variance, MemorySegment invStd) {
        double count = (double) n * s;
        int perTask = (int) Math.max(1, COLUMNS_PER_TASK / s);
        Parallel.forEach(Parallel.chunks(c, perTask), task -> {
            Block b = new Block(n, c, s, task, perTask);
            double[][] totals = b.sums(x, null, null, null, 1);
            float[] centre = new float[b.cols];
            for (int ch = 0; ch < b.channels; ch++) {
                // m = μ rounded to float
                Arrays.fill(centre, ch * b.s, (ch + 1) * b.s, (float) (b.channelTotal(totals[0], ch) / count));
            }
            double[][] deviations = b.sums(x, null, null, centre, 2);
            float[] scale = new float[b.cols];
            float[] shift = new float[b.cols];
            for (int ch = 0; ch < b.channels; ch++) {
                long global = b.c0 + ch;
                BatchNormKernels.Affine f = BatchNormKernels.affine(DType.F32, count, b.channelTotal(deviations[0], ch),
                        b.channelTotal(deviations[1], ch), BatchNormKernels.read(DType.F32, weight, global, 1),
                        BatchNormKernels.read(DType.F32, bias, global, 0), eps);
                Arrays.fill(scale, ch * b.s, (ch + 1) * b.s, (float) f.scale());
                Arrays.fill(shift, ch * b.s, (ch + 1) * b.s, (float) f.shift());
                float m = centre[ch * b.s];
                BatchNormKernels.write(DType.F32, mean, global, m + f.delta());
                BatchNormKernels.write(DType.F32, variance, global, f.variance());
                BatchNormKernels.write(DType.F32, invStd, global, f.k());
            }
            // y = (x − m)·scale + shift, clamped at 0 with relu
            for (long i = 0; i < n; i++) {
                long base = b.rowOffset(i);
                for (int j = 0; j < b.cols; j += F.length()) {
                    VectorMask<Float> lanes = F.indexInRange(j, b.cols);
                    long xo = base + j * 4L;
                    FloatVector v = centredAffine(x, xo, centre, scale, shift, j, lanes);
                    (relu ? v.max(0f) : v).intoMemorySegment(y, xo, ORDER, lanes);
                }
            }
        });
    }

    /** See {@link BatchNormKernels#backward}. */
    static void backward(long n, long c, long s, MemorySegment dy, MemorySegment gate, MemorySegment x,
                         MemorySegment mean, MemorySegment invStd, MemorySegment weight, MemorySegment dx,
                         MemorySegment dWeight, MemorySegment dBias) {
        double count = (double) n * s;
        int perTask = (int) Math.max(1, COLUMNS_PER_TASK / s);
        Parallel.forEach(Parallel.chunks(c, perTask), task -> {
            Block b = new Block(n, c, s, task, perTask);
            float[] centre = new float[b.cols];
            for (int ch = 0; ch < b.channels; ch++) {
                Arrays.fill(centre, ch * b.s, (ch + 1) * b.s, (float) BatchNormKernels.read(DType.F32, mean, b.c0 + ch, 0));
            }
            double[][] sums = b.sums(x, dy, gate, centre, 3);
            float[] a = new float[b.cols];
            float[] slope = new float[b.cols];
            float[] offset = new float[b.cols];
            for (int ch = 0; ch < b.channels; ch++) {
                long global = b.c0 + ch;
                BatchNormKernels.Gradient d = BatchNormKernels.gradient(DType.F32, count,
                        BatchNormKernels.read(DType.F32, invStd, global, 0), BatchNormKernels.read(DType.F32, weight, global, 1),
                        b.channelTotal(sums[0], ch), b.channelTotal(sums[1], ch), b.channelTotal(sums[2], ch));
                if (dBias != null) {
                    BatchNormKernels.write(DType.F32, dBias, global, d.bias());
                }
                if (dWeight != null) {
                    BatchNormKernels.write(DType.F32, dWeight, global, d.weight());
                }
                Arrays.fill(a, ch * b.s, (ch + 1) * b.s, (float) d.a());
                Arrays.fill(slope, ch * b.s, (ch + 1) * b.s, (float) d.b());
                Arrays.fill(offset, ch * b.s, (ch + 1) * b.s, (float) d.c0());
            }
            if (dx == null) {
                return;
            }
            // dx = a·g + (b·(x − m) + c0)
            for (long i = 0; i < n; i++) {
                long base = b.rowOffset(i);
                for (int j = 0; j < b.cols; j += F.length()) {
                    VectorMask<Float> lanes = F.indexInRange(j, b.cols);
                    long xo = base + j * 4L;
                    FloatVector inner = centredAffine(x, xo, centre, slope, offset, j, lanes);
                    gated(dy, gate, xo, lanes).fma(FloatVector.fromArray(F, a, j, lanes), inner)
                            .intoMemorySegment(dx, xo, ORDER, lanes);
                }
            }
        });
    }

    /** (x − centre)·slope + shift on the lanes at byte offset xo of x and column j of the per-column arrays. */
    private static FloatVector centredAffine(MemorySegment x, long xo, float[] centre, float[] slope, float[] shift, int j,
                                             VectorMask<Float> lanes) {
        return FloatVector.fromMemorySegment(F, x, xo, ORDER, lanes).sub(FloatVector.fromArray(F, centre, j, lanes))
                .fma(FloatVector.fromArray(F, slope, j, lanes), FloatVector.fromArray(F, shift, j, lanes));
    }

    /** dy at byte offset xo, zero in the lanes where the gate (if any) is ≤ 0. */
    private static FloatVector gated(MemorySegment dy, MemorySegment gate, long xo, VectorMask<Float> lanes) {
        FloatVector g = FloatVector.fromMemorySegment(F, dy, xo, ORDER, lanes);
        if (gate == null) {
            return g;
        }
        FloatVector zero = FloatVector.zero(F);
        return zero.blend(g, FloatVector.fromMemorySegment(F, gate, xo, ORDER, lanes).compare(VectorOperators.GT, zero));
    }

    /** One task's channels [c0, c0 + channels): the columns [c0·s, (c0 + channels)·s) of every sample's row. */
    private static final class Block {
        final long n;
        final long rowLength;
        final int s;
        final long c0;
        final int channels;
        final int cols;

        Block(long n, long c, long s, int task, int perTask) {
            this.n = n;
            this.rowLength = c * s;
            this.s = (int) s;
            this.c0 = (long) task * perTask;
            this.channels = (int) Math.min(perTask, c - c0);
            this.cols = channels * this.s;
        }

        /** Byte offset of this block's first column in sample i's row. */
        long rowOffset(long i) {
            return (i * rowLength + c0 * s) * 4;
        }

        /**
         * Per column, in double: with {@code centre} null, Σx; with only the centre, Σ(x − m) and
         * Σ(x − m)²; with dy too, Σg, Σg·(x − m) and Σ(x − m) (g = dy, gated by gate &gt; 0 when given).
         */
        double[][] sums(MemorySegment x, MemorySegment dy, MemorySegment gate, float[] centre, int quantities) {
            double[][] totals = new double[quantities][cols];
            float[][] parts = new float[quantities][cols];
            for (long r0 = 0; r0 < n; r0 += ROWS) {
                for (float[] p : parts) {
                    Arrays.fill(p, 0f);
                }
                for (long i = r0; i < Math.min(n, r0 + ROWS); i++) {
                    long base = rowOffset(i);
                    for (int j = 0; j < cols; j += F.length()) {
                        VectorMask<Float> lanes = F.indexInRange(j, cols);
                        long xo = base + j * 4L;
                        FloatVector v = FloatVector.fromMemorySegment(F, x, xo, ORDER, lanes);
                        if (centre == null) {
                            add(parts[0], j, lanes, v);
                            continue;
                        }
                        FloatVector d = v.sub(FloatVector.fromArray(F, centre, j, lanes));
                        if (dy == null) {
                            add(parts[0], j, lanes, d);
                            d.fma(d, FloatVector.fromArray(F, parts[1], j, lanes)).intoArray(parts[1], j, lanes);
                            continue;
                        }
                        FloatVector g = gated(dy, gate, xo, lanes);
                        add(parts[0], j, lanes, g);
                        g.fma(d, FloatVector.fromArray(F, parts[1], j, lanes)).intoArray(parts[1], j, lanes);
                        add(parts[2], j, lanes, d);
                    }
                }
                for (int q = 0; q < quantities; q++) {
                    for (int j = 0; j < cols; j++) {
                        totals[q][j] += parts[q][j];
                    }
                }
            }
            return totals;
        }

        /** A channel's total: its s columns added in order. */
        double channelTotal(double[] columnTotals, int ch) {
            double total = 0;
            for (int k = 0; k < s; k++) {
                total += columnTotals[ch * s + k];
            }
            return total;
        }
    }

    // part[j, j + lanes) += v
    private static void add(float[] part, int j, VectorMask<Float> lanes, FloatVector v) {
        FloatVector.fromArray(F, part, j, lanes).add(v).intoArray(part, j, lanes);
    }
}
