package org.sonograd.io.sim;

import java.util.List;
import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.sonograd.io.dsp.AnalyticSignal;
import org.sonograd.kernels.VectorSupport;

/**
 * The B-mode convolution model for one probe and one output size (one video). For each frame:
 *
 * <ol>
 *   <li>beam samples on a polar grid (range r, line u) are mapped through the probe pose into the
 *       phantom; the tissue there gives echogenicity e and attenuation α;</li>
 *   <li>reflectivity {@code s = √e·g(material point)} with g the tissue-fixed unit Gaussian
 *       {@link ScattererField}, plus a coherent specular term {@code k·|√e_i − √e_{i−1}|} where the
 *       tissue changes along the beam (boundaries facing the beam);</li>
 *   <li>round-trip attenuation {@code exp(−2 f₀ ∫α ds)} (in dB: {@code 2·α·f₀·r}) and time-gain
 *       compensation {@code +2·α_TGC·f₀·r} dB, so bone shadows and fluid enhances; gas (Kind AIR)
 *       stops transmission and repeats the reflector above it at multiples of its range (A-lines),
 *       Kind COMET rings down to the bottom (B-lines);</li>
 *   <li>separable PSF: lateral Gaussian across lines whose width grows away from the focus,
 *       {@code σ(r) = σ₀(1 + 2|r − r_f|/depth)}, then axial Gaussian-modulated cosine
 *       {@code h(r) = exp(−r²/2σ_a²)·cos(2πr/λ)}, both energy-normalised; plus electronic noise
 *       amplified by the TGC;</li>
 *   <li>envelope {@code |x + iH{x}|} by FFT along depth ({@link AnalyticSignal}), scan conversion
 *       to the image by bilinear interpolation, log compression over the dynamic range DR:
 *       {@code I = clip((20·log10(env/ref) + DR)/DR)}, then a reject level (grey map);</li>
 *   <li>the mask takes, by nearest neighbour, the mask class of the tissue at each pixel.</li>
 * </ol>
 *
 * <p>The carrier wavelength is set on the simulation grid (4 depth samples), not from c/f₀, so the
 * speckle grain is resolved at the output size; f₀ only sets attenuation. Scatterers sit on the
 * polar grid ({@link ScattererField}); a resolution cell holds about 12 axial × 2–4 lateral grid
 * samples, i.e. ≥ 20 scatterers.
 *
 * <p>Immutable and thread-safe; frames of one video may be rendered in parallel.
 */
public final class BModeImager {
    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    /** Depth samples per output row. */
    private static final int AXIAL_OVERSAMPLING = 4;
    private static final double CARRIER_PERIOD = 4.0;
    private static final double AXIAL_SIGMA = 4.5;
    private static final double LATERAL_SIGMA = 0.8;
    private static final float SPECULAR_GAIN = 6.0f;
    /** Coherent echo of a tissue–gas interface (reflection coefficient ≈ 1). */
    private static final float GAS_ECHO = 8.0f;
    /** Level of soft tissue (e = 0.3) below the reference, so e maps to 10·log10(e) − OFFSET dB. */
    private static final double LEVEL_OFFSET_DB = 11.0;
    private static final float REJECT = 0.35f;
    private static final double ELECTRONIC_NOISE_DB = -70;

    private final Probe probe;
    private final int height;
    private final int width;
    private final int depthSamples;
    private final int lines;
    private final double dzMm;
    private final float[] probeX;
    private final float[] probeZ;
    private final float[] tgc;
    private final float[][] lateralKernels;
    private final int lateralHalf;
    private final float[] axialKernel;
    private final int axialHalf;
    private final int[] pixelCell;
    private final float[] pixelFr;
    private final float[] pixelFu;
    private final int[] pixelNearest;
    private final double mmPerPixel;
    private final double xOrigin;
    private final double zOrigin;
    private final float logRef;
    private final float dynamicRangeDb;
    private final float noiseSigma;
    private final ThreadLocal<Workspace> workspaces;

    /**
     * An imager for {@code probe} writing {@code height×width} frames, with dynamic range
     * {@code dynamicRangeDb} (50–60), an overall gain offset {@code gainDb}, and a TGC that
     * compensates {@code tgcAttenuation} dB/cm/MHz (0.5 for soft tissue; lower where the path is
     * mostly fluid, as a sonographer would set it).
     */
    public BModeImager(Probe probe, int height, int width, double dynamicRangeDb, double gainDb,
                       double tgcAttenuation) {
        if (height < 8 || width < 8) {
            throw new IllegalArgumentException("BModeImager: frame " + height + "x" + width + " is smaller than 8x8");
        }
        this.probe = probe;
        this.height = height;
        this.width = width;
        this.depthSamples = Integer.highestOneBit(Math.max(64, height * AXIAL_OVERSAMPLING - 1)) << 1;
        this.lines = width;
        this.dzMm = probe.depthMm() / depthSamples;
        this.dynamicRangeDb = (float) dynamicRangeDb;

        probeX = new float[depthSamples * lines];
        probeZ = new float[depthSamples * lines];
        double[] p = new double[2];
        for (int i = 0; i < depthSamples; i++) {
            for (int l = 0; l < lines; l++) {
                probe.point((i + 0.5) * dzMm, lineU(l), p);
                probeX[i * lines + l] = (float) p[0];
                probeZ[i * lines + l] = (float) p[1];
            }
        }
        tgc = new float[depthSamples];
        for (int i = 0; i < depthSamples; i++) {
            double gainDbAt = 2 * tgcAttenuation * probe.f0MHz() * ((i + 0.5) * dzMm / 10);
            tgc[i] = (float) Math.pow(10, gainDbAt / 20);
        }

        double sigmaMax = LATERAL_SIGMA * 3;
        lateralHalf = (int) Math.ceil(3 * sigmaMax);
        lateralKernels = new float[depthSamples][];
        double focus = probe.focusMm();
        for (int i = 0; i < depthSamples; i++) {
            double r = (i + 0.5) * dzMm;
            double sigma = LATERAL_SIGMA * (1 + 1.5 * Math.abs(r - focus) / probe.depthMm());
            lateralKernels[i] = normalisedEnergy(gaussian(lateralHalf, sigma, 0));
        }
        axialHalf = (int) Math.ceil(3 * AXIAL_SIGMA);
        axialKernel = normalisedEnergy(gaussian(axialHalf, AXIAL_SIGMA, CARRIER_PERIOD));

        double[] b = probe.bounds();
        mmPerPixel = Math.max((b[1] - b[0]) / width, (b[3] - b[2]) / height);
        xOrigin = (b[0] + b[1]) / 2 - mmPerPixel * width / 2;
        zOrigin = b[2];
        pixelCell = new int[height * width];
        pixelFr = new float[height * width];
        pixelFu = new float[height * width];
        pixelNearest = new int[height * width];
        double[] ru = new double[2];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = y * width + x;
                double px = xOrigin + (x + 0.5) * mmPerPixel;
                double pz = zOrigin + (y + 0.5) * mmPerPixel;
                if (!probe.beamCoordinates(px, pz, ru)) {
                    pixelCell[o] = -1;
                    pixelNearest[o] = -1;
                    continue;
                }
                double fi = Math.clamp(ru[0] / dzMm - 0.5, 0, depthSamples - 1.0001);
                double fl = Math.clamp((ru[1] + 1) / 2 * lines - 0.5, 0, lines - 1.0001);
                int i0 = (int) fi;
                int l0 = (int) fl;
                pixelCell[o] = i0 * lines + l0;
                pixelFr[o] = (float) (fi - i0);
                pixelFu[o] = (float) (fl - l0);
                pixelNearest[o] = (int) Math.round(fi) * lines + (int) Math.round(fl);
            }
        }
        // tissue with e = 0.3 sits LEVEL_OFFSET_DB + 10·log10(1/0.3) below ref; E|x+iHx|² = 2·var(x)
        logRef = (float) (Math.sqrt(2) * Math.pow(10, (LEVEL_OFFSET_DB - gainDb) / 20));
        noiseSigma = (float) Math.pow(10, ELECTRONIC_NOISE_DB / 20);
        workspaces = ThreadLocal.withInitial(() -> new Workspace(depthSamples, lines, lateralHalf));
    }

    /** Output height in pixels. */
    public int height() {
        return height;
    }

    /** Output width in pixels. */
    public int width() {
        return width;
    }

    /** Millimetres per output pixel (square pixels). */
    public double mmPerPixel() {
        return mmPerPixel;
    }

    /** The probe this imager simulates. */
    public Probe probe() {
        return probe;
    }

    /**
     * The tissue-fixed scatterers of clip (seed, index) on this imager's beam grid at the probe pose
     * {@code reference} (usually the clip's first pose).
     */
    public ScattererField scatterers(long seed, int index, ProbePose reference) {
        return new ScattererField(KeyedRandom.of(seed, index, KeyedRandom.tag("scatterers")), probe, reference,
                dzMm, lines);
    }

    /** Depth samples × lines of the polar simulation grid. */
    public int gridSize() {
        return depthSamples * lines;
    }

    /**
     * Writes into {@code out[0..1]} the pixel (column, row) at which phantom point (x, z) appears for
     * probe pose {@code pose}; returns false if it is outside the imaged field.
     */
    public boolean phantomToPixel(ProbePose pose, double x, double z, double[] out) {
        double dx = x - pose.x();
        double dz = z - pose.z();
        double c = Math.cos(pose.angle());
        double s = Math.sin(pose.angle());
        double px = c * dx - s * dz;
        double pz = s * dx + c * dz;
        out[0] = (px - xOrigin) / mmPerPixel - 0.5;
        out[1] = (pz - zOrigin) / mmPerPixel - 0.5;
        double[] ru = new double[2];
        return probe.beamCoordinates(px, pz, ru)
                && out[0] >= 0 && out[0] < width && out[1] >= 0 && out[1] < height;
    }

    /** Whether output pixel {@code o} (row-major) lies in the imaged field. */
    public boolean inField(int o) {
        return pixelCell[o] >= 0;
    }

    /**
     * Renders one frame of {@code phantom} at time {@code t} seen from {@code pose}.
     *
     * @param field     tissue-fixed scatterers of this video
     * @param noise     source of this frame's electronic noise (its own keyed stream)
     * @param image     receives {@code height·width} intensities in [0, 1] at {@code imageOffset}
     * @param mask      receives mask classes at {@code maskOffset}; may be null
     */
    public void render(Phantom phantom, ProbePose pose, double t, ScattererField field, RandomGenerator noise,
                       float[] image, int imageOffset, byte[] mask, int maskOffset) {
        Workspace w = workspaces.get();
        reflectivity(phantom, pose, t, field, w);
        lateral(w.refl, w.rf, w.padded);
        axial(w.rf, w.refl);
        for (int i = 0; i < depthSamples; i++) {
            float sigma = noiseSigma * tgc[i];
            int row = i * lines;
            for (int l = 0; l < lines; l++) {
                w.refl[row + l] += sigma * (float) noise.nextGaussian();
            }
        }
        w.envelope.envelopeColumns(w.refl, lines);
        scanConvert(w.refl, image, imageOffset);
        if (mask != null) {
            List<Tissue> tissues = phantom.tissues();
            for (int o = 0; o < height * width; o++) {
                int cell = pixelNearest[o];
                mask[maskOffset + o] = cell < 0 ? 0 : (byte) tissues.get(w.tissue[cell]).maskClass();
            }
        }
    }

    /**
     * Writes the tissue index (into {@code phantom.tissues()}) seen at each output pixel of the frame
     * at time {@code t} from {@code pose}, by the same nearest-sample rule as the masks, or −1 outside
     * the imaged field: the ground truth of which tissue each grey level shows.
     */
    public void tissueMap(Phantom phantom, ProbePose pose, double t, int[] out, int offset) {
        double c = Math.cos(pose.angle());
        double s = Math.sin(pose.angle());
        double[] m = new double[2];
        for (int o = 0; o < height * width; o++) {
            int cell = pixelNearest[o];
            if (cell < 0) {
                out[offset + o] = -1;
                continue;
            }
            double px = probeX[cell];
            double pz = probeZ[cell];
            out[offset + o] = phantom.sample(pose.x() + c * px + s * pz, pose.z() - s * px + c * pz, t, m);
        }
    }

    private void reflectivity(Phantom phantom, ProbePose pose, double t, ScattererField field, Workspace w) {
        List<Tissue> tissues = phantom.tissues();
        int nt = tissues.size();
        float[] sqrtE = new float[nt];
        float[] transmission = new float[nt];
        for (int k = 0; k < nt; k++) {
            sqrtE[k] = (float) Math.sqrt(tissues.get(k).echogenicity());
            double lossDb = 2 * tissues.get(k).attenuation() * probe.f0MHz() * dzMm / 10;
            transmission[k] = (float) Math.pow(10, -lossDb / 20);
        }
        double c = Math.cos(pose.angle());
        double s = Math.sin(pose.angle());
        double[] m = new double[2];
        for (int idx = 0; idx < depthSamples * lines; idx++) {
            double px = probeX[idx];
            double pz = probeZ[idx];
            double x = pose.x() + c * px + s * pz;
            double z = pose.z() - s * px + c * pz;
            int k = phantom.sample(x, z, t, m);
            w.tissue[idx] = (short) k;
            w.refl[idx] = sqrtE[k] * field.at(m[0], m[1]);
        }
        for (int l = 0; l < lines; l++) {
            float attenuation = 1f;
            Tissue.Kind mode = Tissue.Kind.NORMAL;
            int gasStart = -1;
            int previous = w.tissue[l];
            for (int i = 0; i < depthSamples; i++) {
                int idx = i * lines + l;
                int k = w.tissue[idx];
                if (mode == Tissue.Kind.NORMAL) {
                    Tissue.Kind kind = tissues.get(k).kind();
                    if (kind != Tissue.Kind.NORMAL) {
                        mode = kind;
                        gasStart = i;
                        int top = (i - 1) * lines + l;
                        if (i > 0) {
                            w.refl[top] += GAS_ECHO * attenuation * tgc[i - 1];
                        }
                    }
                }
                if (mode == Tissue.Kind.NORMAL) {
                    float specular = k != previous ? SPECULAR_GAIN * Math.abs(sqrtE[k] - sqrtE[previous]) : 0f;
                    w.refl[idx] = (w.refl[idx] + specular) * attenuation * tgc[i];
                    attenuation *= transmission[k];
                } else if (mode == Tissue.Kind.AIR) {
                    w.refl[idx] = reverberation(w.refl, i, gasStart, l) + w.refl[idx] * attenuation * tgc[gasStart];
                } else {
                    // ring-down: bright, slowly decaying (1 dB/cm), undamped by the gas
                    float decay = (float) Math.pow(10, -((i - gasStart) * dzMm / 10) / 20);
                    w.refl[idx] = 0.8f * w.refl[idx] / Math.max(1e-3f, sqrtE[k]) * decay
                            * attenuation * tgc[gasStart];
                }
                previous = k;
            }
        }
    }

    // A-lines: the echo just above the gas (range r_g) repeats at m·r_g with gain 0.5^(m−1); the
    // gas itself adds only its own faint scatter
    private float reverberation(float[] refl, int i, int gasStart, int l) {
        int reflectorRows = (int) Math.ceil(AXIAL_SIGMA);
        for (int mult = 2; mult <= 6; mult++) {
            int source = i - (int) Math.round((mult - 1) * (gasStart - 0.5));
            int lagAboveGas = gasStart - 1 - source;
            if (lagAboveGas >= 0 && lagAboveGas <= reflectorRows) {
                return refl[source * lines + l] * (float) Math.pow(0.5, mult - 1);
            }
        }
        return 0f;
    }

    // out[i][l] = Σ_k w_i[k]·in[i][l+k], zero-padded at the edge lines
    private void lateral(float[] in, float[] out, float[] padded) {
        int half = lateralHalf;
        for (int i = 0; i < depthSamples; i++) {
            int row = i * lines;
            System.arraycopy(in, row, padded, half, lines);
            float[] kernel = lateralKernels[i];
            int l = 0;
            if (VectorSupport.enabled()) {
                int upper = S.loopBound(lines);
                for (; l < upper; l += S.length()) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int k = 0; k < kernel.length; k++) {
                        acc = FloatVector.fromArray(S, padded, l + k).fma(FloatVector.broadcast(S, kernel[k]), acc);
                    }
                    acc.intoArray(out, row + l);
                }
            }
            for (; l < lines; l++) {
                float acc = 0;
                for (int k = 0; k < kernel.length; k++) {
                    acc += kernel[k] * padded[l + k];
                }
                out[row + l] = acc;
            }
        }
    }

    // out[i][l] = Σ_k h[k]·in[i+k−half][l], zero outside the depth range
    private void axial(float[] in, float[] out) {
        int half = axialHalf;
        for (int i = 0; i < depthSamples; i++) {
            int row = i * lines;
            int kLo = Math.max(0, half - i);
            int kHi = Math.min(axialKernel.length, depthSamples - i + half);
            int l = 0;
            if (VectorSupport.enabled()) {
                int upper = S.loopBound(lines);
                for (; l < upper; l += S.length()) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int k = kLo; k < kHi; k++) {
                        acc = FloatVector.fromArray(S, in, (i + k - half) * lines + l).fma(FloatVector.broadcast(S, axialKernel[k]), acc);
                    }
                    acc.intoArray(out, row + l);
                }
            }
            for (; l < lines; l++) {
                float acc = 0;
                for (int k = kLo; k < kHi; k++) {
                    acc += axialKernel[k] * in[(i + k - half) * lines + l];
                }
                out[row + l] = acc;
            }
        }
    }

    private void scanConvert(float[] envelope, float[] image, int offset) {
        float invRef = 1 / logRef;
        float scale = 20f / dynamicRangeDb / (float) Math.log(10);
        for (int o = 0; o < height * width; o++) {
            int cell = pixelCell[o];
            if (cell < 0) {
                image[offset + o] = 0f;
                continue;
            }
            float fr = pixelFr[o];
            float fu = pixelFu[o];
            float v = (1 - fr) * ((1 - fu) * envelope[cell] + fu * envelope[cell + 1])
                    + fr * ((1 - fu) * envelope[cell + lines] + fu * envelope[cell + lines + 1]);
            float level = 1f + scale * (float) Math.log(Math.max(v * invRef, 1e-12f));
            float grey = (Math.clamp(level, 0f, 1f) - REJECT) / (1 - REJECT);
            image[offset + o] = Math.max(0f, grey);
        }
    }

    private double lineU(int l) {
        return (l + 0.5) / lines * 2 - 1;
    }

    // exp(−x²/2σ²)·cos(2πx/period) for |x| ≤ half (period 0: plain Gaussian)
    private static float[] gaussian(int half, double sigma, double period) {
        float[] k = new float[2 * half + 1];
        for (int x = -half; x <= half; x++) {
            double g = Math.exp(-x * x / (2 * sigma * sigma));
            k[x + half] = (float) (period > 0 ? g * Math.cos(2 * Math.PI * x / period) : g);
        }
        return k;
    }

    private static float[] normalisedEnergy(float[] k) {
        double e = 0;
        for (float v : k) {
            e += v * v;
        }
        float s = (float) (1 / Math.sqrt(e));
        for (int i = 0; i < k.length; i++) {
            k[i] *= s;
        }
        return k;
    }

    /** Per-thread buffers. */
    private static final class Workspace {
        final float[] refl;
        final float[] rf;
        final float[] padded;
        final short[] tissue;
        final AnalyticSignal envelope;

        Workspace(int depthSamples, int lines, int lateralHalf) {
            refl = new float[depthSamples * lines];
            rf = new float[depthSamples * lines];
            padded = new float[lines + 2 * lateralHalf + VectorSupport.FLOATS.length()];
            tissue = new short[depthSamples * lines];
            envelope = new AnalyticSignal(depthSamples);
        }
    }
}
