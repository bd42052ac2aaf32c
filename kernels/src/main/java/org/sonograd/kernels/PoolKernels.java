package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * Average and max pooling over the windows of a {@link PoolGeometry}, F32 and F64, one task per
 * block of planes (so no two tasks write one element and the bits do not depend on the threads).
 * <pre>
 * avg:  y[o] = Σ_{i ∈ window(o)} x[i] / div(o)          adjoint: ∂x[i] = Σ_{o : i ∈ window(o)} ∂y[o] / div(o)
 * max:  y[o] = max_{i ∈ window(o)} x[i], idx[o] = the first such i (flat index in the plane)
 *                                                         adjoint: ∂x[i] = Σ_{o : idx[o] = i} ∂y[o]
 * </pre>
 * Memory-bound: these loops read every input of a window once per window. F32 max pooling over
 * sliding windows runs on the Vector API ({@link MaxPoolVector}) with the same values and indices.
 */
public final class PoolKernels {
    private static final int PLANES_PER_TASK = 4;

    private PoolKernels() {}

    /** y = window averages of x. */
    public static void avgForward(PoolGeometry g, DType dtype, MemorySegment x, MemorySegment y) {
        check("avg pool", dtype);
        forEachPlane(g, (plane, xb, yb) -> {
            long o = 0;
            for (int od = 0; od < g.output()[0]; od++) {
                for (int oh = 0; oh < g.output()[1]; oh++) {
                    for (int ow = 0; ow < g.output()[2]; ow++, o++) {
                        double sum = 0;
                        for (int id = g.lo()[0][od]; id < g.hi()[0][od]; id++) {
                            for (int ih = g.lo()[1][oh]; ih < g.hi()[1][oh]; ih++) {
                                long row = xb + ((long) id * g.input()[1] + ih) * g.input()[2];
                                for (int iw = g.lo()[2][ow]; iw < g.hi()[2][ow]; iw++) {
                                    sum += get(dtype, x, row + iw);
                                }
                            }
                        }
                        set(dtype, y, yb + o, sum / ((double) g.div()[0][od] * g.div()[1][oh] * g.div()[2][ow]));
                    }
                }
            }
        });
    }

    /** ∂x = the adjoint of {@link #avgForward} applied to ∂y (∂x is overwritten). */
    public static void avgBackward(PoolGeometry g, DType dtype, MemorySegment gy, MemorySegment gx) {
        check("avg pool backward", dtype);
        long vi = g.inputVolume();
        forEachPlane(g, (plane, xb, yb) -> {
            for (long i = 0; i < vi; i++) {
                set(dtype, gx, xb + i, 0);
            }
            long o = 0;
            for (int od = 0; od < g.output()[0]; od++) {
                for (int oh = 0; oh < g.output()[1]; oh++) {
                    for (int ow = 0; ow < g.output()[2]; ow++, o++) {
                        double share = get(dtype, gy, yb + o) / ((double) g.div()[0][od] * g.div()[1][oh] * g.div()[2][ow]);
                        for (int id = g.lo()[0][od]; id < g.hi()[0][od]; id++) {
                            for (int ih = g.lo()[1][oh]; ih < g.hi()[1][oh]; ih++) {
                                long row = xb + ((long) id * g.input()[1] + ih) * g.input()[2];
                                for (int iw = g.lo()[2][ow]; iw < g.hi()[2][ow]; iw++) {
                                    set(dtype, gx, row + iw, get(dtype, gx, row + iw) + share);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** y = window maxima of x and idx (I64) = flat index within the plane of the first maximum (NaN wins). */
    public static void maxForward(PoolGeometry g, DType dtype, MemorySegment x, MemorySegment y, MemorySegment idx) {
        check("max pool", dtype);
        if (dtype == DType.F32 && VectorSupport.enabled() && MaxPoolVector.applies(g)) {
            MaxPoolVector.forward(g, x, y, idx);
            return;
        }
        forEachPlane(g, (plane, xb, yb) -> {
            long o = 0;
            for (int od = 0; od < g.output()[0]; od++) {
                for (int oh = 0; oh < g.output()[1]; oh++) {
                    for (int ow = 0; ow < g.output()[2]; ow++, o++) {
                        double best = Double.NEGATIVE_INFINITY;
                        long at = -1;
                        for (int id = g.lo()[0][od]; id < g.hi()[0][od]; id++) {
                            for (int ih = g.lo()[1][oh]; ih < g.hi()[1][oh]; ih++) {
                                long row = ((long) id * g.input()[1] + ih) * g.input()[2];
                                for (int iw = g.lo()[2][ow]; iw < g.hi()[2][ow]; iw++) {
                                    double v = get(dtype, x, xb + row + iw);
                                    if (at < 0 || v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                                        best = v;
                                        at = row + iw;
                                    }
                                }
                            }
                        }
                        set(dtype, y, yb + o, best);
                        idx.setAtIndex(JAVA_LONG, yb + o, at);
                    }
                }
            }
        });
    }

    /**
     * ∂x from ∂y by the indices {@link #maxForward} saved: each plane of ∂x is zeroed, then
     * ∂x[idx[o]] += ∂y[o] for the plane's outputs o in order (∂x is overwritten). The sums run in
     * the dtype in output order, whatever the threads, as a scatter-add of ∂y into zeros.
     */
    public static void maxBackward(PoolGeometry g, DType dtype, MemorySegment gy, MemorySegment idx, MemorySegment gx) {
        check("max pool backward", dtype);
        long vi = g.inputVolume();
        long vo = g.outputVolume();
        long bytes = dtype.byteSize();
        forEachPlane(g, (plane, xb, yb) -> {
            gx.asSlice(xb * bytes, vi * bytes).fill((byte) 0);
            for (long o = yb; o < yb + vo; o++) {
                long at = idx.getAtIndex(JAVA_LONG, o);
                if (at < 0 || at >= vi) {
                    throw new IllegalArgumentException("max pool backward: index " + at + " of output " + (o - yb)
                            + " in plane " + plane + " is outside the plane's " + vi + " inputs");
                }
                if (dtype == DType.F32) {
                    gx.setAtIndex(JAVA_FLOAT, xb + at, gx.getAtIndex(JAVA_FLOAT, xb + at) + gy.getAtIndex(JAVA_FLOAT, o));
                } else {
                    gx.setAtIndex(JAVA_DOUBLE, xb + at, gx.getAtIndex(JAVA_DOUBLE, xb + at) + gy.getAtIndex(JAVA_DOUBLE, o));
                }
            }
        });
    }

    /** One plane's share of a kernel: the plane and the offsets of its input and output. */
    private interface PlaneBody {
        void run(long plane, long xb, long yb);
    }

    /** Runs body on every plane, {@link #PLANES_PER_TASK} planes a task. */
    private static void forEachPlane(PoolGeometry g, PlaneBody body) {
        long vi = g.inputVolume();
        long vo = g.outputVolume();
        Parallel.forEach(Parallel.chunks(g.planes(), PLANES_PER_TASK), task -> {
            for (long plane = (long) task * PLANES_PER_TASK; plane < Math.min(g.planes(), (task + 1L) * PLANES_PER_TASK); plane++) {
                body.run(plane, plane * vi, plane * vo);
            }
        });
    }

    private static void check(String op, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64) {
            throw new IllegalArgumentException(op + ": dtype " + dtype + " is not supported, only F32 and F64");
        }
    }

    private static double get(DType dtype, MemorySegment s, long i) {
        return dtype == DType.F32 ? s.getAtIndex(JAVA_FLOAT, i) : s.getAtIndex(JAVA_DOUBLE, i);
    }

    private static void set(DType dtype, MemorySegment s, long i, double v) {
        if (dtype == DType.F32) {
            s.setAtIndex(JAVA_FLOAT, i, (float) v);
        } else {
            s.setAtIndex(JAVA_DOUBLE, i, v);
        }
    }
}
