package org.sonograd.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * One phase of the polyphase split of a convolution's input gradient. With stride s, the input
 * positions i = r + s·j of one phase r (per dim, r < s) receive ∂y only through the taps t with
 * (r + p − t·d) ≡ 0 (mod s), and through them from ∂y at j + (r + p − t·d)/s. Those taps are
 * t_q = t₀ + q·s/gcd(s, d), their ∂y offsets fall by d/gcd(s, d) per q, so with the taps flipped
 * (u = k_r − 1 − q) phase r is a stride-1 convolution of ∂y:
 * <pre>
 * ∂x[r + s·j] = Σ_u w'[u] · ∂y[j + u·d' − P],   d' = d/gcd(s, d),   P = (k_r − 1)·d' − (r + p − t₀·d)/s
 * </pre>
 * P may be negative (it is an offset, not a padding: the lowering treats both sides alike). A
 * stride-1 convolution has one phase, the whole kernel flipped with P = d·(k − 1) − p.
 *
 * @param geometry the stride-1 convolution of ∂y (channels Cout → Cin) whose output is the phase
 * @param taps     per dim, the original tap of each tap u of the phase kernel
 * @param offset   per dim, the first input position r of the phase
 * @param step     per dim, the stride s between its positions
 */
record ConvPhase(ConvGeometry geometry, int[][] taps, int[] offset, int[] step) {

    /** The phases of g's input gradient that own input positions and taps, in (rD, rH, rW) order. */
    static List<ConvPhase> of(ConvGeometry g) {
        int[] s = g.stride();
        List<ConvPhase> phases = new ArrayList<>();
        for (int rd = 0; rd < s[0]; rd++) {
            for (int rh = 0; rh < s[1]; rh++) {
                for (int rw = 0; rw < s[2]; rw++) {
                    ConvPhase phase = phase(g, new int[] {rd, rh, rw});
                    if (phase != null) {
                        phases.add(phase);
                    }
                }
            }
        }
        return phases;
    }

    /** True when the phases write every input position (else the rest of ∂x is zero). */
    static boolean cover(ConvGeometry g, List<ConvPhase> phases) {
        long covered = 0;
        for (ConvPhase phase : phases) {
            covered += phase.geometry().outputVolume();
        }
        return covered == g.inputVolume();
    }

    private static ConvPhase phase(ConvGeometry g, int[] r) {
        int[] kernel = new int[3];
        int[] padding = new int[3];
        int[] dilation = new int[3];
        int[] size = new int[3];
        int[][] taps = new int[3][];
        for (int d = 0; d < 3; d++) {
            int s = g.stride()[d];
            int dil = g.dilation()[d];
            int p = g.padding()[d];
            // the taps of this phase in increasing order, then flipped
            List<Integer> ts = new ArrayList<>();
            for (int t = 0; t < g.kernel()[d]; t++) {
                if (Math.floorMod(r[d] + p - t * dil, s) == 0) {
                    ts.add(t);
                }
            }
            size[d] = r[d] >= g.input()[d] ? 0 : (g.input()[d] - r[d] + s - 1) / s;
            if (ts.isEmpty() || size[d] == 0) {
                return null;
            }
            int k = ts.size();
            taps[d] = new int[k];
            for (int u = 0; u < k; u++) {
                taps[d][u] = ts.get(k - 1 - u);
            }
            kernel[d] = k;
            dilation[d] = dil / gcd(s, dil);
            padding[d] = (k - 1) * dilation[d] - Math.floorDiv(r[d] + p - ts.get(0) * dil, s);
        }
        ConvGeometry phase = new ConvGeometry(g.batch(), g.outChannels(), g.inChannels(), g.groups(), g.output(),
                kernel, new int[] {1, 1, 1}, padding, dilation, size);
        return new ConvPhase(phase, taps, r, g.stride());
    }

    /** The index in g's kernel (tD, tH, tW flattened) of each tap (uD, uH, uW) of the phase kernel. */
    int[] tapIndex(ConvGeometry g) {
        int[] k = g.kernel();
        int[] index = new int[geometry.taps()];
        int u = 0;
        for (int td : taps[0]) {
            for (int th : taps[1]) {
                for (int tw : taps[2]) {
                    index[u++] = (td * k[1] + th) * k[2] + tw;
                }
            }
        }
        return index;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
