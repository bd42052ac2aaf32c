package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 max pooling over sliding windows ({@link PoolKernels#maxForward}) on the Vector API: two
 * passes per plane, each vectorised over output columns.
 * <pre>
 * rows:     m[r][ow] = max_kw x[r][ow·s − p + kw],  a[r][ow] = its first column       (every input row r = d·H + h)
 * windows:  y[od][oh][ow] = max of m[r][ow] over the window's rows r in order,  idx = r·W + a[r][ow] of the first
 * </pre>
 * The first maximum along W, then the first row whose maximum is the largest, is the first maximum
 * in row-major window order: the reference's (and PyTorch's) index. A NaN beats every number and the
 * first NaN wins, as in the reference. Pass 1 copies each input row into a scratch row padded with
 * −∞ (which never wins a strict comparison) and reads the taps with stride s from it (stride 1:
 * loads; stride 2: the even lanes of two loads; larger: gathers); pass 2 reads
 * the row maxima with unit stride. One task per block of planes, so the bits do not depend on threads.
 */
final class MaxPoolVector {
    private static final VectorSpecies<Float> F = VectorSupport.FLOATS;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int LANES = F.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int PLANES_PER_TASK = 4;
    /** Lane j takes lane 2j of the concatenation of two vectors (stride 2 without a gather). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, j -> 2 * j);

    private MaxPoolVector() {}

    /** True for sliding windows over planes whose flat indices (and row-maxima buffers) fit an int. */
    static boolean applies(PoolGeometry g) {
        long rowMaxima = (long) g.input()[0] * g.input()[1] * (g.output()[2] + LANES);
        return g.window() != null && g.inputVolume() <= Integer.MAX_VALUE && rowMaxima <= Integer.MAX_VALUE;
    }

    /** y = window maxima of x (F32), idx (I64) = flat index within the plane of the first maximum. */
    static void forward(PoolGeometry g, MemorySegment x, MemorySegment y, MemorySegment idx) {
        long vi = g.inputVolume();
        long vo = g.outputVolume();
        Parallel.forEach(Parallel.chunks(g.planes(), PLANES_PER_TASK), task -> {
            Scratch scratch = new Scratch(g);
            for (long plane = (long) task * PLANES_PER_TASK; plane < Math.min(g.planes(), (task + 1L) * PLANES_PER_TASK); plane++) {
                rowMaxima(g, x, plane * vi, scratch);
                windowMaxima(g, scratch, y, idx, plane * vo);
            }
        });
    }

    /** Per-task buffers: the padded input row, the row maxima and their columns, one row of indices. */
    private static final class Scratch {
        final int columns;            // output columns rounded up to whole vectors
        final float[] padded;         // padded[p + iw] = x[row][iw], −∞ elsewhere
        final float[] rowMax;
        final int[] rowArg;
        final int[] taps;             // j·s, the gather offsets of the lanes
        final int[] indices = new int[LANES];

        Scratch(PoolGeometry g) {
            int k = g.window()[0][2];
            int s = g.window()[1][2];
            int p = g.window()[2][2];
            columns = (g.output()[2] + LANES - 1) / LANES * LANES;
            padded = new float[Math.max(columns * s + k, p + g.input()[2])];
            Arrays.fill(padded, Float.NEGATIVE_INFINITY);
            rowMax = new float[g.input()[0] * g.input()[1] * columns];
            rowArg = new int[rowMax.length];
            taps = new int[LANES];
            for (int j = 0; j < LANES; j++) {
                taps[j] = j * s;
            }
        }
    }

    // m[r][ow] = max_kw x[r][ow·s − p + kw], a[r][ow] = the first such column (lanes: output columns)
    private static void rowMaxima(PoolGeometry g, MemorySegment x, long xb, Scratch sc) {
        int width = g.input()[2];
        int k = g.window()[0][2];
        int s = g.window()[1][2];
        int p = g.window()[2][2];
        int rows = g.input()[0] * g.input()[1];
        IntVector laneOffset = IntVector.fromArray(I, sc.taps, 0);
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(x, JAVA_FLOAT, (xb + (long) r * width) * Float.BYTES, sc.padded, p, width);
            for (int ow0 = 0; ow0 < sc.columns; ow0 += LANES) {
                IntVector start = laneOffset.add(ow0 * s - p);
                FloatVector best = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
                IntVector at = start.max(0);
                for (int kw = 0; kw < k; kw++) {
                    FloatVector v = switch (s) {
                        case 1 -> FloatVector.fromArray(F, sc.padded, ow0 + kw);
                        case 2 -> FloatVector.fromArray(F, sc.padded, 2 * ow0 + kw)
                                .rearrange(EVEN, FloatVector.fromArray(F, sc.padded, 2 * ow0 + kw + LANES));
                        default -> FloatVector.fromArray(F, sc.padded, ow0 * s + kw, sc.taps, 0);
                    };
                    VectorMask<Float> take = wins(v, best);
                    best = best.blend(v, take);
                    at = at.blend(start.add(kw), take.cast(I));
                }
                best.intoArray(sc.rowMax, r * sc.columns + ow0);
                at.intoArray(sc.rowArg, r * sc.columns + ow0);
            }
        }
    }

    // y = max over the window's rows r (in order) of m[r], idx = r·W + a[r] of the first maximum
    private static void windowMaxima(PoolGeometry g, Scratch sc, MemorySegment y, MemorySegment idx, long yb) {
        int height = g.input()[1];
        int width = g.input()[2];
        int outW = g.output()[2];
        long o = yb;
        for (int od = 0; od < g.output()[0]; od++) {
            for (int oh = 0; oh < g.output()[1]; oh++, o += outW) {
                int first = g.lo()[0][od] * height + g.lo()[1][oh];
                for (int ow0 = 0; ow0 < outW; ow0 += LANES) {
                    FloatVector best = FloatVector.fromArray(F, sc.rowMax, first * sc.columns + ow0);
                    IntVector at = IntVector.fromArray(I, sc.rowArg, first * sc.columns + ow0).add(first * width);
                    for (int id = g.lo()[0][od]; id < g.hi()[0][od]; id++) {
                        for (int ih = g.lo()[1][oh]; ih < g.hi()[1][oh]; ih++) {
                            int r = id * height + ih;
                            if (r == first) {
                                continue;
                            }
                            FloatVector v = FloatVector.fromArray(F, sc.rowMax, r * sc.columns + ow0);
                            VectorMask<Float> take = wins(v, best);
                            best = best.blend(v, take);
                            at = at.blend(IntVector.fromArray(I, sc.rowArg, r * sc.columns + ow0).add(r * width), take.cast(I));
                        }
                    }
                    int count = Math.min(LANES, outW - ow0);
                    if (count == LANES) {
                        best.intoMemorySegment(y, (o + ow0) * Float.BYTES, ORDER);
                    } else {
                        best.intoMemorySegment(y, (o + ow0) * Float.BYTES, ORDER, F.indexInRange(0, count));
                    }
                    at.intoArray(sc.indices, 0);
                    for (int j = 0; j < count; j++) {
                        idx.setAtIndex(JAVA_LONG, o + ow0 + j, sc.indices[j]);
                    }
                }
            }
        }
    }

    // v replaces best when greater, or when v is the first NaN
    private static VectorMask<Float> wins(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
    }
}
