package org.sonograd.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Convolution version 2, implicit GEMM over channels-last rows, F32. The output is computed as
 * Y (positions × Cout) = R · Wᵀ, where row m of R is the lowered input of output position m
 * (all samples' positions in one M dimension, see {@link ConvRows}) and W is the weight with its
 * taps reordered to (tap, channel). R is never materialised: each task lowers the rows of its tile
 * of positions, one block of taps at a time, and sweeps them with {@link ConvMicroKernel} against
 * the weight panels packed once per call. A 6-position tile whose taps of a block all fall into the
 * padding is skipped, so the deep layers with few frames do only the effective work; small output
 * volumes are walked in (position, sample) order so that the six rows of a tile share their taps.
 *
 * <p>The input gradient is the same kernel run on ∂y with the flipped, channel-swapped weight, once
 * per phase of the input positions when the stride is above 1 ({@link ConvPhase}). The weight
 * gradient is ∂W = ∂Yᵀ · R over blocks of positions of all samples, the same micro-kernel reading
 * the lowered rows of a block in place.
 *
 * <p>Stride-1 forwards and input-gradient phases with few output channels on wide maps run the
 * transposed tile instead, positions in the vector lanes and nothing lowered ({@link ConvLanes}).
 */
final class ConvImplicit {
    /** Lowered taps per block: about this many floats per row. */
    private static final int BLOCK_DEPTH = 512;
    /** Largest tile of positions per task. */
    private static final int MAX_TILE = 96;
    /**
     * Output volumes up to this are walked position-major ((z, n) order, samples innermost): the six
     * rows of a micro-tile then share their position, hence their taps in the padding, which are
     * skipped exactly (a 2×2 map with a 3×3 kernel runs 4 of 9 taps instead of all 9).
     */
    private static final long Z_MAJOR_VOLUME = 128;
    /** ... and whose taps inside the input are below this share of all taps (else the order costs more than it skips). */
    private static final double Z_MAJOR_EFFECTIVE = 0.8;
    /** Fewest tasks a forward pass aims for (tiles of positions × chunks of channels), so both cores stay busy. */
    private static final int MIN_TASKS = 8;
    /** Positions (of all samples) per block of the weight gradient's sum. */
    private static final int POSITION_BLOCK = 256;

    private record Buffers(float[] rows, float[] tile, float[] line) {}

    private static final ThreadLocal<Buffers[]> BUFFERS = ThreadLocal.withInitial(() -> new Buffers[1]);
    /** The packed weight of the calling thread's convolution, reused between calls. */
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);

    private ConvImplicit() {}

    /** True when this version runs the shape well: enough output channels per group to fill a tile. */
    static boolean suits(ConvGeometry g) {
        return g.outPerGroup() >= ConvMicroKernel.NR / 2 && fits(g);
    }

    /** True when the channels-last copy of the input (and of the output gradient) fits one heap array. */
    static boolean fits(ConvGeometry g) {
        return Math.max(g.inputElements(), g.outputElements()) < Integer.MAX_VALUE - 64;
    }

    /** True when this version runs the input gradient well: enough input channels per group to fill a tile. */
    static boolean suitsInputGrad(ConvGeometry g) {
        return g.inPerGroup() >= ConvMicroKernel.NR / 2 && fits(g);
    }

    static void forward(ConvGeometry g, MemorySegment x, MemorySegment w, MemorySegment y) {
        int[] taps = new int[g.taps()];
        java.util.Arrays.setAll(taps, t -> t);
        Weights weights = new Weights(w, (long) g.outPerGroup() * g.depth(), g.depth(), g.taps(), taps);
        Placement whole = new Placement(g.output(), new int[] {0, 0, 0}, new int[] {1, 1, 1});
        if (ConvLanes.suits(g, false)) {
            ConvLanes.forward(g, x, weights, y, whole);
            return;
        }
        float[] xcl = ConvRows.channelsLast(x, g.batch(), g.inChannels(), g.inputVolume());
        for (int grp = 0; grp < g.groups(); grp++) {
            forwardGroup(g, xcl, weights, y, whole, grp);
        }
    }

    /**
     * How the computed convolution's weight w'[grp, j, ch, t] (output channel j and input channel ch
     * of group grp, tap t) is read from a weight tensor: at
     * grp·groupStride + j·outStride + ch·channelStride + tapIndex[t]. The forward pass reads the
     * weight as it is; an input-gradient phase swaps the channel strides and picks its flipped taps.
     */
    record Weights(MemorySegment w, long groupStride, long outStride, long channelStride, int[] tapIndex) {
        /** Input channels per block of {@link #copyBlock}. */
        static final int BLOCK_CHANNELS = 16;

        /** True when the output channel has the larger stride (a forward), false when the input channel has (a phase). */
        private boolean outputRows() {
            return outStride > channelStride;
        }

        /** Floats a block of width output channels × channels input channels takes. */
        int blockSize(int width, int channels) {
            return Math.toIntExact(width * channels * Math.min(outStride, channelStride));
        }

        /**
         * Copies w'[grp, j0 + j, ch, ·] for j < width and ch in [c0, c1) to a heap block, one
         * contiguous run of the weight per row of the larger stride (per output channel for a
         * forward, per input channel for a phase, whose weight has the channels swapped): a
         * few bulk copies instead of one strided read per element. {@link #blockIndex} finds
         * the elements.
         */
        void copyBlock(int grp, int j0, int width, int c0, int c1, float[] block) {
            long base = grp * groupStride + j0 * outStride;
            if (outputRows()) {
                for (int j = 0; j < width; j++) {
                    MemorySegment.copy(w, JAVA_FLOAT, (base + j * outStride + c0 * channelStride) * 4, block,
                            j * (c1 - c0) * (int) channelStride, (c1 - c0) * (int) channelStride);
                }
            } else {
                for (int ch = c0; ch < c1; ch++) {
                    MemorySegment.copy(w, JAVA_FLOAT, (base + ch * channelStride) * 4, block,
                            (ch - c0) * width * (int) outStride, width * (int) outStride);
                }
            }
        }

        /** Where w'[grp, j0, ch, t] of the last {@link #copyBlock} is; j0 + j is {@link #blockStep} further per j. */
        int blockIndex(int width, int c0, int c1, int ch, int t) {
            return outputRows()
                    ? (ch - c0) * (int) channelStride + tapIndex[t]
                    : (ch - c0) * width * (int) outStride + tapIndex[t];
        }

        /** The distance between consecutive output channels in a block of {@link #copyBlock}. */
        int blockStep(int c0, int c1) {
            return outputRows() ? (c1 - c0) * (int) channelStride : (int) outStride;
        }
    }

    /**
     * Where output position z = (zD, zH, zW) of a computed geometry is stored: at
     * offset + step·z in an output of spatial size dims (a phase of an input gradient), or at z.
     */
    record Placement(int[] dims, int[] offset, int[] step) {
        long volume() {
            return (long) dims[0] * dims[1] * dims[2];
        }

        boolean isWhole(int[] out) {
            for (int d = 0; d < 3; d++) {
                if (dims[d] != out[d] || offset[d] != 0 || step[d] != 1) {
                    return false;
                }
            }
            return true;
        }

        /** The spatial index of output position z of a geometry with output size out. */
        long at(long z, int[] out) {
            long zd = z / ((long) out[1] * out[2]);
            long zh = z / out[2] % out[1];
            long zw = z % out[2];
            return ((offset[0] + step[0] * zd) * dims[1] + offset[1] + step[1] * zh) * dims[2] + offset[2] + step[2] * zw;
        }
    }

    private static void forwardGroup(ConvGeometry g, float[] xcl, Weights w, MemorySegment y, Placement place, int grp) {
        int nr = ConvMicroKernel.NR;
        int mr = ConvMicroKernel.MR;
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int taps = g.taps();
        int ogp = (og + nr - 1) / nr * nr;
        int tapsPerBlock = tapsPerBlock(cg, taps);
        float[] bp = packWeights(g, w, grp, tapsPerBlock, ogp);
        long m = (long) g.batch() * g.outputVolume();
        // tasks: tiles of positions × chunks of channel panels, halved until there are MIN_TASKS
        int tile = (int) ((m + Parallel.chunks(m, MAX_TILE) - 1) / Parallel.chunks(m, MAX_TILE) + mr - 1) / mr * mr;
        int panels = ogp / nr;
        int panelsPerTask = panels;
        while (Parallel.chunks(m, tile) * Parallel.chunks(panels, panelsPerTask) < MIN_TASKS && panelsPerTask > 1) {
            panelsPerTask = (panelsPerTask + 1) / 2;
        }
        while (Parallel.chunks(m, tile) * Parallel.chunks(panels, panelsPerTask) < MIN_TASKS && tile > mr) {
            tile = (tile / 2 + mr - 1) / mr * mr;
        }
        int tileRows = tile;
        int chunk = panelsPerTask * nr;
        int chunks = Parallel.chunks(panels, panelsPerTask);
        int maxDepth = tapsPerBlock * cg;
        long p = g.outputVolume();
        int batch = g.batch();
        boolean zMajor = p <= Z_MAJOR_VOLUME && batch > 1 && g.effectiveFlops() < Z_MAJOR_EFFECTIVE * g.nominalFlops();
        int[] zOrder = zMajor ? positionsByTaps(g) : null;
        boolean whole = place.isWhole(g.output());
        long v = place.volume();
        Parallel.forEach(Parallel.chunks(m, tileRows) * chunks, task -> {
            long m0 = (long) (task / chunks) * tileRows;
            int j0 = task % chunks * chunk;
            int cols = Math.min(chunk, ogp - j0);
            int rows = (int) Math.min(tileRows, m - m0);
            Buffers buf = buffers(tileRows * maxDepth, tileRows * chunk, tileRows);
            float[] a = buf.rows();
            float[] c = buf.tile();
            java.util.Arrays.fill(c, 0, tileRows * cols, 0f);
            boolean[] live = new boolean[(rows + mr - 1) / mr];
            for (int t0 = 0; t0 < taps; t0 += tapsPerBlock) {
                int t1 = Math.min(taps, t0 + tapsPerBlock);
                int kc = (t1 - t0) * cg;
                java.util.Arrays.fill(live, false);
                // the rows lowered straight into interleaved micro-panels: row i at (i / 6)·6·kc + i % 6,
                // step 6; micro-panels whose rows no tap of the block reaches are neither lowered nor run
                for (int ip = 0; ip < live.length; ip++) {
                    for (int i = ip * mr; i < Math.min(rows, ip * mr + mr) && !live[ip]; i++) {
                        long pos = m0 + i;
                        live[ip] = ConvRows.reaches(g, zMajor ? zOrder[(int) (pos / batch)] : pos % p, t0, t1);
                    }
                    if (!live[ip]) {
                        continue;
                    }
                    for (int i = ip * mr; i < ip * mr + mr; i++) {
                        int at = ip * mr * kc + i % mr;
                        if (i < rows) {
                            long pos = m0 + i;
                            int n = (int) (zMajor ? pos % batch : pos / p);
                            long z = zMajor ? zOrder[(int) (pos / batch)] : pos % p;
                            ConvRows.row(g, xcl, g.inChannels(), grp * cg, cg, n, z, t0, t1, a, at, mr);
                        } else {
                            for (int q = 0; q < kc; q++) {
                                a[at + q * mr] = 0f;
                            }
                        }
                    }
                }
                int blockBase = t0 * cg * ogp;
                // channel panels outermost: a weight panel (kc × NR floats, 32 KiB for a deep layer's
                // tap) stays in L1 while the task's micro-panels stream past it
                for (int jb = 0; jb < cols; jb += nr) {
                    int b0 = blockBase + (j0 + jb) * kc;
                    for (int ip = 0; ip < live.length; ip++) {
                        if (!live[ip]) {
                            continue;
                        }
                        if (VectorSupport.enabled()) {
                            ConvMicroKernel.accumulate(a, ip * mr * kc, bp, b0, nr, kc, c, ip * mr * cols + jb, cols);
                        } else {
                            ConvMicroKernel.accumulateScalar(a, ip * mr * kc, bp, b0, nr, kc, c, ip * mr * cols + jb, cols);
                        }
                    }
                }
            }
            int outs = Math.min(cols, og - j0);
            if (zMajor || !whole) {
                // positions in (z, n) order, or a phase whose positions land at strided places of y
                // (N × Cout × V): one channel at a time, so that the writes of a phase stay close
                long[] at = new long[rows];
                for (int i = 0; i < rows; i++) {
                    long pos = m0 + i;
                    long n = zMajor ? pos % batch : pos / p;
                    long z = zMajor ? zOrder[(int) (pos / batch)] : pos % p;
                    at[i] = (n * g.outChannels() + (long) grp * og + j0) * v + place.at(z, g.output());
                }
                for (int o = 0; o < outs; o++) {
                    for (int i = 0; i < rows; i++) {
                        y.setAtIndex(JAVA_FLOAT, at[i] + o * v, c[i * cols + o]);
                    }
                }
                return;
            }
            // scatter the tile (positions × channels) to y (N × Cout × P), one run of positions per channel
            float[] line = buf.line();
            for (int i = 0; i < rows; ) {
                long pos = m0 + i;
                long n = pos / p;
                long z = pos % p;
                int run = (int) Math.min(rows - i, p - z);
                long yBase = (n * g.outChannels() + (long) grp * og + j0) * p + z;
                for (int o = 0; o < outs; o++) {
                    for (int r = 0; r < run; r++) {
                        line[r] = c[(i + r) * cols + o];
                    }
                    MemorySegment.copy(line, 0, y, JAVA_FLOAT, (yBase + o * p) * 4, run);
                }
                i += run;
            }
        });
    }

    /**
     * The output positions of a small volume grouped by the taps that land inside the input (a box
     * of taps per position: per dim the range of taps inside), in increasing z within a group. The
     * position-major walk takes them in this order, so that the rows of a micro-tile mostly share
     * their box and the padded taps are skipped exactly (a 7×7 map under a 3×3 kernel has nine
     * boxes: the interior, four edges and four corners).
     */
    private static int[] positionsByTaps(ConvGeometry g) {
        int[] out = g.output();
        int volume = (int) g.outputVolume();
        long[] keyed = new long[volume];
        for (int z = 0; z < volume; z++) {
            int[] at = {z / (out[1] * out[2]), z / out[2] % out[1], z % out[2]};
            long key = 0;
            for (int d = 0; d < 3; d++) {
                // first and last tap of dim d inside the input, 8 bits each
                int first = g.kernel()[d];
                int last = -1;
                for (int t = 0; t < g.kernel()[d]; t++) {
                    int i = at[d] * g.stride()[d] - g.padding()[d] + t * g.dilation()[d];
                    if (i >= 0 && i < g.input()[d]) {
                        first = Math.min(first, t);
                        last = t;
                    }
                }
                key = (key << 16) | ((long) (first & 0xff) << 8) | (last & 0xff);
            }
            keyed[z] = key << 16 | z;
        }
        java.util.Arrays.sort(keyed);
        int[] order = new int[volume];
        for (int i = 0; i < volume; i++) {
            order[i] = (int) (keyed[i] & 0xffff);
        }
        return order;
    }

    /**
     * The weight of one group as GEMM panels: k = (tap, channel), taps in blocks of tapsPerBlock;
     * block starting at tap t0 sits at t0·cg·ogp, its panel of NR channels jb at jb·kc, element
     * (p, j) at p·NR + j. Channels beyond og are zero. One task per panel, which writes its panel in
     * order and reads the weight where {@link Weights} says; the buffer is reused between calls.
     */
    private static float[] packWeights(ConvGeometry g, Weights w, int grp, int tapsPerBlock, int ogp) {
        int nr = ConvMicroKernel.NR;
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int taps = g.taps();
        int size = taps * cg * ogp;
        float[] bp = PACKED.get();
        if (bp.length < size) {
            bp = new float[size];
            PACKED.set(bp);
        }
        float[] packed = bp;
        Parallel.forEach(ogp / nr, panel -> {
            int jb = panel * nr;
            int width = Math.min(nr, og - jb);
            float[] tile = new float[w.blockSize(width, Weights.BLOCK_CHANNELS)];
            for (int c0 = 0; c0 < cg; c0 += Weights.BLOCK_CHANNELS) {
                int c1 = Math.min(cg, c0 + Weights.BLOCK_CHANNELS);
                w.copyBlock(grp, jb, width, c0, c1, tile);
                int step = w.blockStep(c0, c1);
                // a full panel's NR channels of one (tap, channel) are two gathers from the block
                boolean gather = VectorSupport.enabled() && width == nr;
                int[] lanes = new int[nr];
                java.util.Arrays.setAll(lanes, j -> j * step);
                for (int ch = c0; ch < c1; ch++) {
                    for (int t = 0; t < taps; t++) {
                        int t0 = t / tapsPerBlock * tapsPerBlock;
                        int kc = (Math.min(taps, t0 + tapsPerBlock) - t0) * cg;
                        int at = t0 * cg * ogp + jb * kc + ((t - t0) * cg + ch) * nr;
                        int from = w.blockIndex(width, c0, c1, ch, t);
                        if (gather) {
                            FloatVector.fromArray(ConvMicroKernel.S, tile, from, lanes, 0).intoArray(packed, at);
                            FloatVector.fromArray(ConvMicroKernel.S, tile, from, lanes, ConvMicroKernel.V)
                                    .intoArray(packed, at + ConvMicroKernel.V);
                            continue;
                        }
                        for (int j = 0; j < width; j++) {
                            packed[at + j] = tile[from + j * step];
                        }
                        if (width < nr) {
                            java.util.Arrays.fill(packed, at + width, at + nr, 0f);
                        }
                    }
                }
            }
        });
        return packed;
    }

    private static Buffers buffers(int rows, int tile, int line) {
        Buffers[] holder = BUFFERS.get();
        Buffers b = holder[0];
        if (b == null || b.rows().length < rows || b.tile().length < tile || b.line().length < line) {
            b = new Buffers(new float[Math.max(rows, b == null ? 0 : b.rows().length)],
                    new float[Math.max(tile, b == null ? 0 : b.tile().length)],
                    new float[Math.max(line, b == null ? 0 : b.line().length)]);
            holder[0] = b;
        }
        return b;
    }

    /**
     * Taps per block: one when a tap alone fills the depth (deep layers, where blocks of single taps
     * are what lets padding be skipped), else balanced blocks of about {@link #BLOCK_DEPTH} floats.
     */
    private static int tapsPerBlock(int cg, int taps) {
        if (cg >= BLOCK_DEPTH / 4) {
            return 1;
        }
        int blocks = Parallel.chunks((long) cg * taps, BLOCK_DEPTH);
        return (taps + blocks - 1) / blocks;
    }

    /**
     * ∂x by the polyphase split ({@link ConvPhase}): each phase of the input positions is a stride-1
     * convolution of ∂y with its flipped, channel-swapped taps, run by the forward kernel and stored
     * at its strided positions; positions no tap reaches are zero.
     */
    static void inputGrad(ConvGeometry g, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        java.util.List<ConvPhase> phases = ConvPhase.of(g);
        if (!ConvPhase.cover(g, phases)) {
            gx.asSlice(0, g.inputElements() * 4).fill((byte) 0);
        }
        if (phases.isEmpty()) {
            return;
        }
        float[] gycl = null;
        for (ConvPhase phase : phases) {
            // w'[grp, c, o, u] = w[grp·og + o, c, tap(u)]: output and input channels swapped
            Weights weights = new Weights(w, (long) g.outPerGroup() * g.depth(), g.taps(), g.depth(), phase.tapIndex(g));
            Placement place = new Placement(g.input(), phase.offset(), phase.step());
            if (ConvLanes.suits(phase.geometry(), !place.isWhole(phase.geometry().output()))) {
                ConvLanes.forward(phase.geometry(), gy, weights, gx, place);
                continue;
            }
            if (gycl == null) {
                gycl = ConvRows.channelsLast(gy, g.batch(), g.outChannels(), g.outputVolume());
            }
            for (int grp = 0; grp < g.groups(); grp++) {
                forwardGroup(phase.geometry(), gycl, weights, gx, place, grp);
            }
        }
    }

    /**
     * ∂W (og × (tap, channel)) = Σ_m ∂y[:, m] ⊗ row(m), over blocks of {@link #POSITION_BLOCK}
     * positions of all samples (m = n·P + z) in order. Per block, the rows are lowered once
     * (row-major, width padded to NR, rows an odd number of cache lines apart) and ∂y is packed once
     * as 6-channel micro-panels; then each task owns a slab of NR lowered columns and sweeps every
     * channel panel over the block's positions with {@link ConvMicroKernel}, reading the slab in
     * place. Every ∂W element is summed by one task, over the blocks in order, so the bits do not
     * depend on the thread count.
     */
    static void weightGrad(ConvGeometry g, MemorySegment x, MemorySegment gy, MemorySegment gw) {
        int mr = ConvMicroKernel.MR;
        int nr = ConvMicroKernel.NR;
        int cg = g.inPerGroup();
        int og = g.outPerGroup();
        int taps = g.taps();
        int k = cg * taps;
        int kp = (k + nr - 1) / nr * nr;
        // row stride of the lowered block: an odd number of cache lines, so that the rows of a slab
        // (read down a column of rows) do not all map to the same few L1 sets
        int ld = kp + nr / 2;
        int panels = (og + mr - 1) / mr;
        long p = g.outputVolume();
        long m = g.batch() * p;
        int block = (int) Math.min(m, POSITION_BLOCK);
        float[] xcl = ConvRows.channelsLast(x, g.batch(), g.inChannels(), g.inputVolume());
        float[] rows = new float[block * ld];
        float[] dy = new float[panels * mr * block];
        float[] acc = new float[panels * mr * kp];
        for (int grp = 0; grp < g.groups(); grp++) {
            if (grp > 0) {
                java.util.Arrays.fill(acc, 0f);
            }
            int channel0 = grp * cg;
            int o0 = grp * og;
            for (long m0 = 0; m0 < m; m0 += block) {
                int count = (int) Math.min(block, m - m0);
                long blockStart = m0;
                // rows[i·ld + (t, c)] = x[n, z·s + t·d − p, channel0 + c] for position m0 + i
                Parallel.forEach(Parallel.chunks(count, 16), t -> {
                    for (int i = t * 16; i < Math.min(count, t * 16 + 16); i++) {
                        long pos = blockStart + i;
                        ConvRows.row(g, xcl, g.inChannels(), channel0, cg, (int) (pos / p), pos % p, 0, taps, rows, i * ld, 1);
                        java.util.Arrays.fill(rows, i * ld + k, i * ld + kp, 0f);
                    }
                });
                // dy[q·6·count + i·6 + r] = ∂y[n, o0 + 6q + r, z] for position m0 + i (zero beyond og)
                Parallel.forEach(panels, q -> packOutputGrad(g, gy, o0 + q * mr, Math.min(mr, og - q * mr), blockStart,
                        count, dy, q * mr * count));
                Parallel.forEach(kp / nr, slab -> {
                    int j = slab * nr;
                    for (int q = 0; q < panels; q++) {
                        if (VectorSupport.enabled()) {
                            ConvMicroKernel.accumulate(dy, q * mr * count, rows, j, ld, count, acc, q * mr * kp + j, kp);
                        } else {
                            ConvMicroKernel.accumulateScalar(dy, q * mr * count, rows, j, ld, count, acc, q * mr * kp + j, kp);
                        }
                    }
                });
            }
            // acc[o, (t, c)] -> gw[grp·og + o, c, t], each output channel's row permuted in a heap line
            long gw0 = (long) grp * og * k;
            Parallel.forEach(og, o -> {
                float[] line = new float[k];
                for (int t = 0; t < taps; t++) {
                    for (int c = 0; c < cg; c++) {
                        line[c * taps + t] = acc[o * kp + t * cg + c];
                    }
                }
                MemorySegment.copy(line, 0, gw, JAVA_FLOAT, (gw0 + (long) o * k) * 4, k);
            });
        }
    }

    /**
     * Packs ∂y of the channels [o0, o0 + height) at the global positions [m0, m0 + count) as one
     * micro-panel: dst[at + i·6 + r] = ∂y[n, o0 + r, z] for m0 + i = n·P + z, zero for r ≥ height.
     */
    private static void packOutputGrad(ConvGeometry g, MemorySegment gy, int o0, int height, long m0, int count,
                                       float[] dst, int at) {
        int mr = ConvMicroKernel.MR;
        long p = g.outputVolume();
        if (height < mr) {
            java.util.Arrays.fill(dst, at, at + mr * count, 0f);
        }
        float[] line = new float[count];
        for (int r = 0; r < height; r++) {
            for (int i = 0; i < count; ) {
                long pos = m0 + i;
                long n = pos / p;
                long z = pos % p;
                int run = (int) Math.min(count - i, p - z);
                MemorySegment.copy(gy, JAVA_FLOAT, ((n * g.outChannels() + o0 + r) * p + z) * 4, line, i, run);
                i += run;
            }
            for (int i = 0; i < count; i++) {
                dst[at + i * mr + r] = line[i];
            }
        }
    }
}
