package org.sonograd.io.sim;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Breast ultrasound with a 7.5 MHz linear probe: skin, subcutaneous fat with lobules, Cooper's
 * ligaments, fibroglandular tissue, retromammary fat and pectoral muscle, and
 * <ul>
 *   <li>benign: an oval, circumscribed, wider-than-tall (parallel) hypoechoic mass with low
 *       attenuation, hence posterior enhancement;</li>
 *   <li>malignant: an irregular, spiculated, taller-than-wide mass with an echogenic halo and high
 *       attenuation, hence posterior shadowing;</li>
 *   <li>normal: no mass.</li>
 * </ul>
 * Mask class 1 is the lesion. Classes follow the BUSI folder order.
 */
public final class BreastScene implements Scene {
    private static final List<String> CLASSES = List.of("benign", "malignant", "normal");
    /** Mask classes. */
    public static final List<String> MASK_CLASSES = List.of("background", "lesion");
    private static final int SKIN = 0;
    private static final int FAT = 1;
    private static final int GLAND = 2;
    private static final int LIGAMENT = 3;
    private static final int MUSCLE = 4;
    private static final int BENIGN = 5;
    private static final int MALIGNANT = 6;
    private static final int HALO = 7;
    private static final int RIB = 8;
    private static final List<Tissue> TISSUES = List.of(
            Tissue.of("skin", 0.55, 0.6, 0),
            Tissue.of("fat", 0.09, 0.5, 0),
            Tissue.of("fibroglandular", 0.36, 0.7, 0),
            Tissue.of("Cooper ligament", 0.75, 0.7, 0),
            Tissue.of("pectoral muscle", 0.2, 0.9, 0),
            Tissue.of("benign mass", 0.025, 0.12, 1),
            Tissue.of("malignant mass", 0.06, 3.0, 1),
            Tissue.of("echogenic halo", 0.45, 1.0, 0),
            Tissue.of("rib", 1.0, 18, 0));

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public ScenePlan plan(long seed, int index, ClipSpec spec) {
        RandomGenerator r = KeyedRandom.of(seed, index, KeyedRandom.tag("breast"));
        int label = index % CLASSES.size();
        double depth = 35 + 15 * r.nextDouble();
        Probe probe = Probe.linear(depth, 38 + 10 * r.nextDouble(), 7.5);
        BModeImager imager = new BModeImager(probe, spec.height(), spec.width(), 50 + 10 * r.nextDouble(),
                -3 + 6 * r.nextDouble(), 0.55);
        double fatBottom = 5 + 5 * r.nextDouble();
        double glandBottom = depth * (0.6 + 0.1 * r.nextDouble());
        LayeredPhantom p = new LayeredPhantom(TISSUES, FAT);
        p.add(Layer.flat(-60, 61.5), SKIN);
        p.add(new Layer(fatBottom, glandBottom - fatBottom, 2.0, 30 + 10 * r.nextDouble(), r.nextDouble() * 6), GLAND);
        for (int k = 0; k < 6; k++) {
            double x = -30 + 60 * r.nextDouble();
            double z = fatBottom + (glandBottom - fatBottom) * r.nextDouble();
            p.add(Blob.ellipse(x, z, 3 + 4 * r.nextDouble(), 1.5 + 2 * r.nextDouble(), (r.nextDouble() - 0.5) * 0.6), FAT);
        }
        for (int k = 0; k < 5; k++) {
            double x = -30 + 60 * r.nextDouble();
            p.add(new Capsule(x, 2, x + 6 * (r.nextDouble() - 0.5), fatBottom + 1, 0.35), LIGAMENT);
        }
        p.add(new Layer(glandBottom + 3, 1e3, 1.0, 40, r.nextDouble() * 6), MUSCLE);
        for (int k = 0; k < 3; k++) {
            p.add(new Layer(glandBottom + 6 + 3 * k, 0.5, 0.8, 25, r.nextDouble() * 6), LIGAMENT);
        }
        if (r.nextDouble() < 0.5) {
            p.add(Blob.ellipse(-10 + 20 * r.nextDouble(), depth + 4, 10, 5, 0), RIB);
        }
        double cx = -6 + 12 * r.nextDouble();
        double cz = fatBottom + 4 + (glandBottom - fatBottom - 6) * r.nextDouble();
        if (label == 0) {
            double a = 5 + 4 * r.nextDouble();
            double b = a * (0.45 + 0.2 * r.nextDouble());
            p.add(new Blob(cx, cz, a, b, (r.nextDouble() - 0.5) * 0.3, new double[] {0, 0.03 * r.nextDouble(), 0.03 * r.nextDouble()},
                    new double[] {0, r.nextDouble() * 6, r.nextDouble() * 6}, 0, 0), BENIGN);
        } else if (label == 1) {
            double a = 3.5 + 2.5 * r.nextDouble();
            double b = a * (1.1 + 0.4 * r.nextDouble());
            double[] harmonics = {0, 0.08 + 0.06 * r.nextDouble(), 0.06 * r.nextDouble(), 0.05 * r.nextDouble()};
            double[] phases = {0, r.nextDouble() * 6, r.nextDouble() * 6, r.nextDouble() * 6};
            int spikes = 6 + r.nextInt(6);
            double angle = (r.nextDouble() - 0.5) * 0.4;
            p.add(new Blob(cx, cz, a * 1.25, b * 1.2, angle, harmonics, phases, 0.35, spikes), HALO);
            p.add(new Blob(cx, cz, a, b, angle, harmonics, phases, 0.3, spikes), MALIGNANT);
        }
        int n = spec.frames();
        Phantom[] phantoms = new Phantom[n];
        ProbePose[] poses = new ProbePose[n];
        double[] times = new double[n];
        double x0 = -2 + 4 * r.nextDouble();
        double phase = r.nextDouble() * 6;
        // a slow scan across the breast, v = ±(3–6) mm/s, over the lesion at mid-clip
        double pan = (r.nextBoolean() ? 1 : -1) * (3 + 3 * r.nextDouble());
        for (int t = 0; t < n; t++) {
            times[t] = t / spec.fps();
            phantoms[t] = p;
            double fromMid = (t - (n - 1) / 2.0) / spec.fps();
            poses[t] = new ProbePose(x0 + pan * fromMid + 0.5 * Math.sin(2 * Math.PI * times[t] / 1.7 + phase), 0,
                    0.02 * Math.sin(2 * Math.PI * times[t] / 5 + phase));
        }
        return new ScenePlan(imager, imager.scatterers(seed, index, poses[0]), phantoms, poses, times, label, CLASSES, null,
                null, MASK_CLASSES, null, Map.of());
    }
}
