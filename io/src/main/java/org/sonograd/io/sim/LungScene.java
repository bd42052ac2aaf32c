package org.sonograd.io.sim;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Lung point-of-care ultrasound through an intercostal space: skin, fat, chest-wall muscle, two rib
 * sections with acoustic shadows, the pleural line, and below it
 * <ul>
 *   <li>regular: aerated lung (gas: A-line reverberations), sliding with breathing;</li>
 *   <li>covid: thickened irregular pleura, several B-lines (comet tails from the pleura to the
 *       bottom, erasing A-lines), small subpleural consolidations, reduced sliding;</li>
 *   <li>pneumonia: a consolidation (hepatised lung) under the pleura with air bronchograms and a
 *       ragged deep border, gas beyond.</li>
 * </ul>
 * Convex (3.5 MHz) or linear (7 MHz) probe, chosen per clip. Classes follow the POCUS folder order.
 */
public final class LungScene implements Scene {
    private static final List<String> CLASSES = List.of("covid", "pneumonia", "regular");
    /** Mask classes. */
    public static final List<String> MASK_CLASSES = List.of("background", "pleura", "b-line", "consolidation");
    private static final int SKIN = 0;
    private static final int FAT = 1;
    private static final int MUSCLE = 2;
    private static final int RIB = 3;
    private static final int PLEURA = 4;
    private static final int AIR = 5;
    private static final int COMET = 6;
    private static final int CONSOLIDATION = 7;
    private static final int BRONCHOGRAM = 8;
    private static final int FASCIA = 9;
    private static final List<Tissue> TISSUES = List.of(
            Tissue.of("skin", 0.5, 0.6, 0),
            Tissue.of("fat", 0.1, 0.6, 0),
            Tissue.of("muscle", 0.25, 0.8, 0),
            Tissue.of("rib", 1.0, 18, 0),
            Tissue.of("pleura", 1.0, 1.0, 1),
            new Tissue("aerated lung", 0.004, 0, Tissue.Kind.AIR, 0),
            new Tissue("interstitial lung", 0.5, 0, Tissue.Kind.COMET, 2),
            Tissue.of("consolidated lung", 0.26, 0.7, 3),
            Tissue.of("air bronchogram", 1.0, 1.5, 3),
            Tissue.of("fascia", 0.7, 0.6, 0));

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public ScenePlan plan(long seed, int index, ClipSpec spec) {
        RandomGenerator r = KeyedRandom.of(seed, index, KeyedRandom.tag("lung"));
        int label = index % CLASSES.size();
        boolean linear = r.nextDouble() < 0.35;
        Probe probe = linear ? Probe.linear(45 + 15 * r.nextDouble(), 38 + 8 * r.nextDouble(), 7)
                : Probe.convex(80 + 40 * r.nextDouble(), 0.45 + 0.15 * r.nextDouble(), 40 + 15 * r.nextDouble(), 3.5);
        BModeImager imager = new BModeImager(probe, spec.height(), spec.width(), 50 + 10 * r.nextDouble(),
                -3 + 6 * r.nextDouble(), 0.5);
        double scale = linear ? 0.6 : 1.0;
        double pleura = (16 + 8 * r.nextDouble()) * scale;
        double ribGap = (20 + 8 * r.nextDouble()) * (linear ? 1.0 : 1.2);
        LayeredPhantom p = new LayeredPhantom(TISSUES, MUSCLE);
        p.add(Layer.flat(-60, 61.5), SKIN);
        p.add(new Layer(1.5, (3 + 3 * r.nextDouble()) * scale, 0.6, 25, r.nextDouble() * 6), FAT);
        p.add(new Layer(pleura * 0.55, 0.8, 0.5, 31, r.nextDouble() * 6), FASCIA);
        boolean thick = label == 0;
        p.add(new Layer(pleura, 1e4, 0, 1, 0), AIR);
        double pleuraThickness = thick ? 2.0 : 1.1;
        double roughness = thick ? 0.7 : 0.15;
        p.add(new Layer(pleura, pleuraThickness, roughness, 7 + 5 * r.nextDouble(), r.nextDouble() * 6), PLEURA);
        for (double side : new double[] {-1, 1}) {
            double rx = side * ribGap;
            p.add(Blob.ellipse(rx, pleura - 2.5 * scale, 9 * scale, 5.5 * scale, 0), RIB);
            p.add(new Capsule(rx, pleura + 3, rx, 500, 9 * scale), AIR);
        }
        double below = pleura + pleuraThickness + roughness;
        if (label == 0) {
            int bLines = 2 + r.nextInt(4);
            for (int k = 0; k < bLines; k++) {
                double x = (-0.8 + 1.6 * r.nextDouble()) * ribGap * 0.8;
                p.add(new Capsule(x, pleura + 0.6, x, below + 2, 0.8 + 1.2 * r.nextDouble()), COMET);
            }
            if (r.nextDouble() < 0.6) {
                double x = (-0.6 + 1.2 * r.nextDouble()) * ribGap * 0.8;
                p.add(new Blob(x, below + 2, 4 * scale, 3 * scale, 0, new double[] {0, 0.15, 0.1},
                        new double[] {0, r.nextDouble() * 6, r.nextDouble() * 6}, 0, 0), CONSOLIDATION);
            }
        } else if (label == 1) {
            double cx = (-0.3 + 0.6 * r.nextDouble()) * ribGap;
            double a = (22 + 10 * r.nextDouble()) * scale;
            double b = (20 + 15 * r.nextDouble()) * scale;
            p.add(new Blob(cx, below + b * 0.75, a, b, 0, new double[] {0, 0.06, 0.08, 0.06},
                    new double[] {0, r.nextDouble() * 6, r.nextDouble() * 6, r.nextDouble() * 6}, 0.18, 9),
                    CONSOLIDATION);
            Layer under = new Layer(below - 0.5, 2, 0, 1, 0);
            p.add((x, z) -> Math.abs(x - cx) < a * 0.8 && under.contains(x, z), CONSOLIDATION);
            int branches = 3 + r.nextInt(4);
            for (int k = 0; k < branches; k++) {
                double x0 = cx + (r.nextDouble() - 0.5) * a;
                double z0 = below + b * (0.3 + 0.6 * r.nextDouble());
                double ang = Math.PI / 2 + (r.nextDouble() - 0.5) * 1.5;
                double len = (4 + 8 * r.nextDouble()) * scale;
                p.add(new Capsule(x0, z0, x0 + len * Math.cos(ang), z0 + len * Math.sin(ang), 0.6), BRONCHOGRAM);
            }
        }
        double period = 3 + 2 * r.nextDouble();
        double amplitude = (label == 0 ? 0.4 : 1.5) * (0.7 + 0.6 * r.nextDouble());
        p.move(new Sliding(pleura + 0.5, amplitude, period));
        int n = spec.frames();
        Phantom[] phantoms = new Phantom[n];
        ProbePose[] poses = new ProbePose[n];
        double[] times = new double[n];
        double x0 = -3 + 6 * r.nextDouble();
        double tilt = -0.08 + 0.16 * r.nextDouble();
        double phase = r.nextDouble() * 6;
        // the probe slides slowly along the intercostal space, v = ±(2–4) mm/s, centred at mid-clip
        double pan = (r.nextBoolean() ? 1 : -1) * (2 + 2 * r.nextDouble());
        for (int t = 0; t < n; t++) {
            times[t] = t / spec.fps();
            phantoms[t] = p;
            double fromMid = (t - (n - 1) / 2.0) / spec.fps();
            poses[t] = new ProbePose(x0 + pan * fromMid + 0.6 * Math.sin(2 * Math.PI * times[t] / 5 + phase), 0,
                    tilt + 0.01 * Math.sin(2 * Math.PI * times[t] / 4 + phase));
        }
        return new ScenePlan(imager, imager.scatterers(seed, index, poses[0]), phantoms, poses, times, label, CLASSES, null,
                null, MASK_CLASSES, null, Map.of());
    }

}
