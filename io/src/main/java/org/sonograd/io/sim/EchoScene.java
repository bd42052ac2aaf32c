package org.sonograd.io.sim;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Apical four-chamber echocardiography with a 2.5 MHz phased array: the left ventricle (right of
 * the image, apex at the top) with its myocardium, right ventricle, both atria, mitral leaflets and
 * the bright pericardium. The LV contracts over the cardiac cycle by an area-preserving
 * {@link EllipticContraction} (wall thickening), the atria fill in systole. Classes: normal
 * (EF 55–65%) and four abnormalities: reduced EF (25–40%), regional wall-motion defect (a
 * hypokinetic segment), hypertrophy (thick wall) and dilation (large cavity, EF 30–40%). Even
 * indices are normal. Masks use CAMUS classes (1 LV cavity, 2 myocardium, 3 left atrium); key
 * frames ED and ES mark end-diastole and end-systole of the first full cycle.
 */
public final class EchoScene implements Scene {
    private static final List<String> CLASSES = List.of("normal", "reduced-ef", "wall-motion", "hypertrophy", "dilation");
    /** Mask classes (as CAMUS). */
    public static final List<String> MASK_CLASSES = List.of("background", "lv", "myocardium", "la");
    private static final int TISSUE = 0;
    private static final int PERICARDIUM = 1;
    private static final int HEART = 2;
    private static final int BLOOD = 3;
    private static final int LV_WALL = 4;
    private static final int LV = 5;
    private static final int LA = 6;
    private static final int VALVE = 7;
    private static final List<Tissue> TISSUES = List.of(
            Tissue.of("chest", 0.16, 0.5, 0),
            Tissue.of("pericardium", 0.9, 1.0, 0),
            Tissue.of("myocardium", 0.3, 0.5, 0),
            Tissue.of("blood", 0.004, 0.05, 0),
            Tissue.of("LV myocardium", 0.3, 0.5, 2),
            Tissue.of("LV blood", 0.004, 0.05, 1),
            Tissue.of("LA blood", 0.004, 0.05, 3),
            Tissue.of("valve", 0.8, 0.5, 0));

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public ScenePlan plan(long seed, int index, ClipSpec spec) {
        RandomGenerator r = KeyedRandom.of(seed, index, KeyedRandom.tag("echo"));
        int label = index % 2 == 0 ? 0 : 1 + (index / 2) % 4;
        double depth = 140 + 20 * r.nextDouble();
        Probe probe = Probe.phased(depth, 0.7 + 0.1 * r.nextDouble(), 2.5);
        BModeImager imager = new BModeImager(probe, spec.height(), spec.width(), 50 + 10 * r.nextDouble(),
                -3 + 6 * r.nextDouble(), 0.4);
        double size = 0.9 + 0.2 * r.nextDouble();
        double lvA = 17 * size;
        double lvB = 38 * size;
        double wall = 9 * size;
        double ef = 0.55 + 0.1 * r.nextDouble();
        double defect = 0;
        switch (CLASSES.get(label)) {
            case "reduced-ef" -> ef = 0.25 + 0.15 * r.nextDouble();
            case "wall-motion" -> defect = 0.8 + 0.2 * r.nextDouble();
            case "hypertrophy" -> wall = (15 + 4 * r.nextDouble()) * size;
            case "dilation" -> {
                lvA *= 1.3;
                lvB *= 1.2;
                ef = 0.3 + 0.1 * r.nextDouble();
            }
            default -> { }
        }
        double lvX = 14 + 4 * r.nextDouble();
        double lvZ = 25 + lvB;
        double tilt = -0.12 + 0.1 * r.nextDouble();
        double baseZ = lvZ + lvB;
        LayeredPhantom p = new LayeredPhantom(TISSUES, TISSUE);
        p.add(Blob.ellipse(0, lvZ + 20, 52 * size + wall * 0.5, 75 * size + wall * 0.5, 0), PERICARDIUM);
        p.add(Blob.ellipse(0, lvZ + 20, 49 * size + wall * 0.5, 72 * size + wall * 0.5, 0), HEART);
        p.add(Blob.ellipse(-lvX - 8, lvZ + 4, 13 * size, 32 * size, 0.1), BLOOD);
        p.add(Blob.ellipse(-lvX - 4, baseZ + 20 * size, 15 * size, 15 * size, 0), BLOOD);
        p.add(Blob.ellipse(lvX, lvZ, lvA + wall, lvB + wall, tilt), LV_WALL);
        p.add(Blob.ellipse(lvX, lvZ, lvA, lvB, tilt), LV);
        double laZ = baseZ + 22 * size;
        p.add(Blob.ellipse(lvX + 3, laZ, 16 * size, 15 * size, 0), LA);
        p.add(new Capsule(lvX - lvA * 0.8, baseZ + 4, lvX - 4, baseZ - 10 * size, 0.9), VALVE);
        p.add(new Capsule(lvX + lvA * 0.8, baseZ + 4, lvX + 6, baseZ - 9 * size, 0.9), VALVE);
        double period = 60.0 / (55 + 35 * r.nextDouble());
        double phase = r.nextDouble() * period;
        double sMin = Math.cbrt(1 - ef);
        double k = 1 - sMin;
        p.move(new EllipticContraction(lvX, lvZ, lvA, lvB, tilt, 1 + wall / lvA,
                t -> 1 - k * EllipticContraction.cycle(t + phase, period), -Math.PI / 2 + 0.6, defect));
        p.move(new EllipticContraction(lvX + 3, laZ, 16 * size, 15 * size, 0, 1.15,
                t -> 1 + 0.12 * EllipticContraction.cycle(t + phase, period), 0, 0));
        // breathing moves the heart against the probe: 2–4 mm along the beam, 1–2 mm across, every 4–6 s
        p.move(new Translation(1 + r.nextDouble(), 2 + 2 * r.nextDouble(), 4 + 2 * r.nextDouble(), r.nextDouble() * 6));
        int n = spec.frames();
        Phantom[] phantoms = new Phantom[n];
        ProbePose[] poses = new ProbePose[n];
        double[] times = new double[n];
        double x0 = -3 + 6 * r.nextDouble();
        double angle = -0.05 + 0.1 * r.nextDouble();
        for (int t = 0; t < n; t++) {
            times[t] = t / spec.fps();
            phantoms[t] = p;
            poses[t] = new ProbePose(x0, 0, angle + 0.01 * Math.sin(2 * Math.PI * times[t] / 4));
        }
        int ed = -1;
        int es = -1;
        double bestEd = 1;
        double bestEs = -1;
        int firstCycle = (int) Math.min(n, Math.ceil(period * spec.fps()) + 1);
        for (int t = 0; t < firstCycle; t++) {
            double c = EllipticContraction.cycle(times[t] + phase, period);
            if (c < bestEd) {
                bestEd = c;
                ed = t;
            }
            if (c > bestEs) {
                bestEs = c;
                es = t;
            }
        }
        return new ScenePlan(imager, imager.scatterers(seed, index, poses[0]), phantoms, poses, times, label, CLASSES, null,
                null, MASK_CLASSES, null, Map.of("ED", ed, "ES", es));
    }
}
