package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * The stride-1 convolution of layers with few output channels, output positions in the vector lanes
 * ({@link ConvLaneKernel}): Yᵀ (Cout × positions) = W · Rᵀ, read without lowering. The input is
 * copied once, channels-first and zero-padded to Dp × Hp × Wp = (o + (k − 1)·d) per dim, so that
 * output position (zd, zh, zw) and tap (td, th, tw) read padded position (zd + td·dD, zh + th·dH,
 * zw + tw·dW). Within one output plane zd, with q = zh·Wp + zw, that is
 * <pre>
 * xp[c, zd + td·dD, q + th·dH·Wp + tw·dW]
 * </pre>
 * linear in q: NQ consecutive q are NQ consecutive floats for every tap and channel. The q with
 * zw ≥ Ow (the padding columns) are computed and dropped, so a plane costs ⌈((Oh − 1)·Wp + Ow) / NQ⌉
 * tiles of NQ positions; {@link #suits} takes the layers where that wastes little (wide maps).
 *
 * <p>Against {@link ConvImplicit}'s tile (positions broadcast, channels in the lanes) this removes
 * the lowering, which for 64-channel layers, with two channel panels per lowered micro-panel, cost
 * about a quarter of the micro-kernel time; and taps whose frame (td) or rows (th) fall wholly
 * into the padding are skipped per tile. Each task owns a run of whole output rows of one plane
 * (group, sample, zd), which it computes over all output channels into a heap tile (one copy per
 * channel to y), every position in a fixed order of taps and channels, so the bits do not depend on
 * the thread count.
 */
final class ConvLanes {
    /** Most output channels per group: wider layers run {@link ConvImplicit}'s tile well. */
    private static final int MAX_OUT_CHANNELS = 128;
    /** ... for a phase of a strided input gradient, whose element-wise strided stores cost more. */
    private static final int MAX_OUT_CHANNELS_PHASE = 64;
    /**
     * Fewest output positions per plane of a phase: smaller phases (ResNet-18 layer2-down's 8×8)
     * measured slower than on {@link ConvImplicit}'s tile, larger ones (R3D-18 layer2-down's 16×16)
     * faster.
     */
    private static final int MIN_PHASE_PLANE = 128;
    /** Least share of the computed positions that are real outputs (the rest are padding columns). */
    private static final double MIN_EFFICIENCY = 0.85;
    /** Fewest tasks a call aims for (runs of output rows), so both cores stay busy. */
    private static final int TASKS = 16;

    /** The padded input of the calling thread's convolution, reused between calls. */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    private ConvLanes() {}

    /**
     * True when this path runs g well: vectors on, stride 1, few output channels, wide output maps;
     * {@code phase}: g is a phase of a strided input gradient (stored at strided places).
     */
    static boolean suits(ConvGeometry g, boolean phase) {
        return VectorSupport.enabled() && shapeSuits(g, phase);
    }

    /** The shape part of {@link #suits}. */
    static boolean shapeSuits(ConvGeometry g, boolean phase) {
        int[] s = g.stride();
        if (s[0] != 1 || s[1] != 1 || s[2] != 1 || g.outPerGroup() > (phase ? MAX_OUT_CHANNELS_PHASE : MAX_OUT_CHANNELS)
                || phase && g.output()[1] * g.output()[2] < MIN_PHASE_PLANE) {
            return false;
        }
        int[] p = padded(g);
        long plane = planePositions(g, p[2]);
        long computed = Parallel.chunks(plane, ConvLaneKernel.NQ) * (long) ConvLaneKernel.NQ;
        long size = (long) g.batch() * g.inChannels() * p[0] * p[1] * p[2] + ConvLaneKernel.NQ;
        return (double) g.output()[1] * g.output()[2] / computed >= MIN_EFFICIENCY && size < Integer.MAX_VALUE - 64;
    }

    /** Padded sizes o + (k − 1)·d per dim. */
    private static int[] padded(ConvGeometry g) {
        int[] p = new int[3];
        for (int d = 0; d < 3; d++) {
            p[d] = g.output()[d] + (g.kernel()[d] - 1) * g.dilation()[d];
        }
        return p;
    }

    /** Positions q of one output plane: (Oh − 1)·Wp + Ow. */
    private static long planePositions(ConvGeometry g, int wp) {
        return (long) (g.output()[1] - 1) * wp + g.output()[2];
    }

    /**
     * y = conv(x, w') for a stride-1 geometry g (padding may be negative: an input-gradient phase's
     * offset), all groups; output position z is stored where {@code place} says.
     */
    static void forward(ConvGeometry g, MemorySegment x, ConvImplicit.Weights w, MemorySegment y,
                        ConvImplicit.Placement place) {
        int nc = ConvLaneKernel.NC;
        int nq = ConvLaneKernel.NQ;
        int[] pd = padded(g);
        int hp = pd[1];
        int wpad = pd[2];
        int cs = pd[0] * hp * wpad;
        float[] xp = pad(g, x, pd);
        float[] wp = packWeights(g, w);
        int[] k = g.kernel();
        int[] dil = g.dilation();
        int[] in = g.input();
        int[] out = g.output();
        int[] pad = g.padding();
        int taps = g.taps();
        int[] tapOffset = new int[taps];
        for (int t = 0; t < taps; t++) {
            int td = t / (k[1] * k[2]);
            int th = t / k[2] % k[1];
            int tw = t % k[2];
            tapOffset[t] = (td * dil[0] * hp + th * dil[1]) * wpad + tw * dil[2];
        }
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int panels = (og + nc - 1) / nc;
        int depth = taps * cg;
        int batch = g.batch();
        // tasks: runs of whole output rows of one plane (group, sample, zd), each staged in a heap
        // tile that is stored with one copy per channel
        int planes = g.groups() * batch * out[0];
        int rowsPerTask = Parallel.chunks(out[1], Parallel.chunks(TASKS, planes));
        int chunksPerPlane = Parallel.chunks(out[1], rowsPerTask);
        boolean whole = place.isWhole(out);
        long v = place.volume();
        Parallel.forEach(planes * chunksPerPlane, task -> {
            int zhA = task % chunksPerPlane * rowsPerTask;
            int zhB = Math.min(out[1], zhA + rowsPerTask);
            int plane = task / chunksPerPlane;
            int zd = plane % out[0];
            int n = plane / out[0] % batch;
            int grp = plane / out[0] / batch;
            // positions q in [qs, qe) of the plane, in tiles of NQ, staged at stage[o·ld + q − qs]
            int qs = zhA * wpad;
            int qe = (zhB - 1) * wpad + out[2];
            int ld = Parallel.chunks(qe - qs, nq) * nq;
            float[] stage = new float[panels * nc * ld];
            for (int q0 = qs; q0 < qe; q0 += nq) {
                int zh0 = q0 / wpad;
                int zh1 = (Math.min(qe, q0 + nq) - 1) / wpad;
                // rows th whose input row zh + th·dH − pH is inside for some row zh of the tile: a range
                int thLo = 0;
                while (thLo < k[1] && zh1 + thLo * dil[1] - pad[1] < 0) {
                    thLo++;
                }
                int thHi = k[1];
                while (thHi > thLo && zh0 + (thHi - 1) * dil[1] - pad[1] >= in[1]) {
                    thHi--;
                }
                int base = ((n * g.inChannels() + grp * cg) * pd[0] + zd) * hp * wpad + q0;
                for (int td = 0; td < k[0] && thLo < thHi; td++) {
                    int id = zd + td * dil[0] - pad[0];
                    if (id < 0 || id >= in[0]) {
                        continue;
                    }
                    int t0 = (td * k[1] + thLo) * k[2];
                    int t1 = (td * k[1] + thHi) * k[2];
                    for (int panel = 0; panel < panels; panel++) {
                        int a0 = ((grp * panels + panel) * depth + t0 * cg) * nc;
                        ConvLaneKernel.accumulate(wp, a0, xp, base, tapOffset, t0, t1, cg, cs, stage,
                                panel * nc * ld + q0 - qs, ld);
                    }
                }
            }
            // the real positions (zw < Ow) of each channel: rows compacted in place, one copy to y;
            // a phase's rows go element by element to its strided places
            for (int o = 0; o < og; o++) {
                long channel = (long) n * g.outChannels() + (long) grp * og + o;
                for (int zh = zhA; zh < zhB; zh++) {
                    int from = o * ld + zh * wpad - qs;
                    if (whole) {
                        System.arraycopy(stage, from, stage, o * ld + (zh - zhA) * out[2], out[2]);
                    } else {
                        long at = channel * v + place.at(((long) zd * out[1] + zh) * out[2], out);
                        int step = place.step()[2];
                        for (int zw = 0; zw < out[2]; zw++) {
                            y.setAtIndex(JAVA_FLOAT, at + (long) zw * step, stage[from + zw]);
                        }
                    }
                }
                if (whole) {
                    long z = ((long) zd * out[1] + zhA) * out[2];
                    MemorySegment.copy(stage, o * ld, y, JAVA_FLOAT, (channel * v + z) * 4, (zhB - zhA) * out[2]);
                }
            }
        });
    }

    /**
     * x (N × C × D × H × W) zero-padded to N × C × Dp × Hp × Wp, padded position i holding input
     * position i − p per dim (p the geometry's padding), with NQ floats of slack at the end for the
     * dropped positions of the last tile.
     */
    private static float[] pad(ConvGeometry g, MemorySegment x, int[] pd) {
        int[] in = g.input();
        int[] pad = g.padding();
        int channels = g.inChannels();
        int hp = pd[1];
        int wpad = pd[2];
        int size = g.batch() * channels * pd[0] * hp * wpad + ConvLaneKernel.NQ;
        float[] xp = PADDED.get();
        if (xp.length < size) {
            xp = new float[size];
            PADDED.set(xp);
        }
        float[] dst = xp;
        java.util.Arrays.fill(dst, size - ConvLaneKernel.NQ, size, 0f);
        // the input columns that land inside a padded row: iw = ww − pW for ww in [w0, w1)
        int w0 = Math.max(0, pad[2]);
        int w1 = Math.min(wpad, in[2] + pad[2]);
        Parallel.forEach(g.batch() * channels, nc -> {
            for (int dd = 0; dd < pd[0]; dd++) {
                int id = dd - pad[0];
                int plane = (nc * pd[0] + dd) * hp * wpad;
                if (id < 0 || id >= in[0] || w1 <= w0) {
                    java.util.Arrays.fill(dst, plane, plane + hp * wpad, 0f);
                    continue;
                }
                for (int hh = 0; hh < hp; hh++) {
                    int ih = hh - pad[1];
                    int row = plane + hh * wpad;
                    if (ih < 0 || ih >= in[1]) {
                        java.util.Arrays.fill(dst, row, row + wpad, 0f);
                        continue;
                    }
                    java.util.Arrays.fill(dst, row, row + w0, 0f);
                    long from = (((long) nc * in[0] + id) * in[1] + ih) * in[2] + w0 - pad[2];
                    MemorySegment.copy(x, JAVA_FLOAT, from * 4, dst, row + w0, w1 - w0);
                    java.util.Arrays.fill(dst, row + w1, row + wpad, 0f);
                }
            }
        });
        return dst;
    }

    /**
     * The weight as panels of 8 output channels: wp[((grp·panels + panel)·depth + t·cg + ch)·8 + i]
     * = w'[grp, panel·8 + i, ch, t], zero beyond og, read where {@link ConvImplicit.Weights} says.
     */
    private static float[] packWeights(ConvGeometry g, ConvImplicit.Weights w) {
        int nc = ConvLaneKernel.NC;
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int taps = g.taps();
        int panels = (og + nc - 1) / nc;
        int depth = taps * cg;
        float[] wp = new float[g.groups() * panels * depth * nc];
        Parallel.forEach(g.groups() * panels, gp -> {
            int grp = gp / panels;
            int j0 = gp % panels * nc;
            int width = Math.min(nc, og - j0);
            float[] block = new float[w.blockSize(width, ConvImplicit.Weights.BLOCK_CHANNELS)];
            for (int c0 = 0; c0 < cg; c0 += ConvImplicit.Weights.BLOCK_CHANNELS) {
                int c1 = Math.min(cg, c0 + ConvImplicit.Weights.BLOCK_CHANNELS);
                w.copyBlock(grp, j0, width, c0, c1, block);
                int step = w.blockStep(c0, c1);
                for (int t = 0; t < taps; t++) {
                    int at = (gp * depth + t * cg + c0) * nc;
                    for (int ch = c0; ch < c1; ch++, at += nc) {
                        int from = w.blockIndex(width, c0, c1, ch, t);
                        for (int i = 0; i < width; i++) {
                            wp[at + i] = block[from + i * step];
                        }
                    }
                }
            }
        });
        return wp;
    }
}
