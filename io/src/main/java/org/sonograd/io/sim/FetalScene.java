package org.sonograd.io.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fetal sweeps: the probe scans steadily across a standard plane (pan and rocking, centred on the
 * plane at mid-hold, with hand tremor), then slides over non-standard anatomy ("other") to the next
 * plane. Each plane is a phantom of the fetal section under maternal skin, fat and uterine wall in
 * amniotic fluid; the four-chamber heart beats. Per video: gestational
 * size, fetal position and orientation, probe depth and opening, gain and dynamic range vary.
 * Frame labels are {@link FetalPlane} ordinals; landmarks per frame feed gaze and narration.
 */
public final class FetalScene implements Scene {
    static final int FLUID = 0;
    static final int SKIN = 1;
    static final int FAT = 2;
    static final int MUSCLE = 3;
    static final int SOFT = 4;
    static final int BONE = 5;
    static final int BRAIN = 6;
    static final int ORGAN_FLUID = 7;
    static final int THALAMUS = 8;
    static final int KIDNEY = 9;
    static final int PLACENTA = 10;
    static final int FALX = 11;
    static final int MYOCARDIUM = 12;
    static final int FACE_SKIN = 13;
    static final int SKULL = 14;
    static final int LIVER = 15;

    /** Mask classes: fetal soft tissue, bone, fluid-filled fetal organ. */
    public static final List<String> MASK_CLASSES = List.of("background", "fetal tissue", "bone", "fetal fluid");

    static final List<Tissue> TISSUES = List.of(
            Tissue.of("amniotic fluid", 0.0003, 0.005, 0),
            Tissue.of("maternal skin", 0.55, 0.6, 0),
            Tissue.of("maternal fat", 0.12, 0.6, 0),
            Tissue.of("uterine wall", 0.32, 0.6, 0),
            Tissue.of("fetal soft tissue", 0.3, 0.5, 1),
            Tissue.of("bone", 1.0, 15, 2),
            Tissue.of("brain", 0.14, 0.5, 1),
            Tissue.of("fetal fluid", 0.0005, 0.005, 3),
            Tissue.of("thalamus", 0.05, 0.5, 1),
            Tissue.of("kidney", 0.14, 0.6, 1),
            Tissue.of("placenta", 0.38, 0.6, 0),
            Tissue.of("falx", 0.7, 1.0, 1),
            Tissue.of("myocardium", 0.32, 0.5, 1),
            Tissue.of("fetal skin", 0.45, 0.5, 1),
            Tissue.of("skull", 0.95, 6, 2),
            Tissue.of("liver", 0.22, 0.5, 1));

    private static final List<String> CLASSES = Arrays.stream(FetalPlane.values()).map(p -> p.name().toLowerCase()).toList();

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    @Override
    public ScenePlan plan(long seed, int index, ClipSpec spec) {
        RandomGenerator r = KeyedRandom.of(seed, index, KeyedRandom.tag("fetal"));
        double depth = 95 + 30 * r.nextDouble();
        Probe probe = Probe.convex(depth, 0.5 + 0.15 * r.nextDouble(), 40 + 20 * r.nextDouble(), 3.5);
        BModeImager imager = new BModeImager(probe, spec.height(), spec.width(),
                50 + 10 * r.nextDouble(), -3 + 6 * r.nextDouble(), 0.36 + 0.08 * r.nextDouble());
        double size = 0.8 + 0.4 * r.nextDouble();
        double fatThickness = 6 + 8 * r.nextDouble();
        double placentaX = (r.nextBoolean() ? -1 : 1) * (20 + 30 * r.nextDouble());

        int n = spec.frames();
        Phantom[] phantoms = new Phantom[n];
        ProbePose[] poses = new ProbePose[n];
        double[] times = new double[n];
        int[] frameLabels = new int[n];
        List<List<Landmark>> landmarks = new ArrayList<>();
        FetalPlane[] standard = Arrays.copyOf(FetalPlane.values(), FetalPlane.values().length - 1);
        int frame = 0;
        int segment = 0;
        FetalPlane previous = null;
        while (frame < n) {
            boolean hold = segment % 2 == 0;
            FetalPlane plane;
            if (hold) {
                do {
                    plane = standard[r.nextInt(standard.length)];
                } while (plane == previous);
                previous = plane;
            } else {
                plane = FetalPlane.OTHER;
            }
            double seconds = hold ? 2.5 + 2.5 * r.nextDouble() : 0.6 + 0.6 * r.nextDouble();
            int length = Math.max(1, (int) Math.round(seconds * spec.fps()));
            Placement where = new Placement(-8 + 16 * r.nextDouble(), depth * (0.5 + 0.1 * r.nextDouble()),
                    r.nextDouble() * 2 * Math.PI, size);
            LayeredPhantom phantom = maternal(fatThickness, placentaX);
            List<Landmark> marks = new ArrayList<>();
            build(plane, phantom, where, marks, r);
            double centreX = -6 + 12 * r.nextDouble();
            double angle0 = -0.12 + 0.24 * r.nextDouble();
            // hold: a steady scan across the plane, pan v = ±(8–16) mm/s and rocking ω = ±(0.04–0.12) rad/s,
            // centred on the plane at mid-hold; slide: 25–45 mm to the next anatomy in 0.6–1.2 s
            double pan = (r.nextBoolean() ? 1 : -1) * (hold ? 8 + 8 * r.nextDouble() : (25 + 20 * r.nextDouble()) / seconds);
            double rocking = hold ? (r.nextBoolean() ? 1 : -1) * (0.04 + 0.08 * r.nextDouble()) : 0;
            double driftPhase = r.nextDouble() * 2 * Math.PI;
            for (int k = 0; k < length && frame < n; k++, frame++) {
                double t = frame / spec.fps();
                double fromMid = (k - (length - 1) / 2.0) / spec.fps();
                double tremor = 0.8 * Math.sin(2 * Math.PI * t / 1.3 + driftPhase);
                poses[frame] = new ProbePose(centreX + pan * fromMid + tremor, 0, angle0 + rocking * fromMid);
                phantoms[frame] = phantom;
                times[frame] = t;
                frameLabels[frame] = plane.ordinal();
                landmarks.add(marks);
            }
            segment++;
        }
        ScattererField field = imager.scatterers(seed, index, poses[0]);
        int label = frameLabels[n / 2];
        return new ScenePlan(imager, field, phantoms, poses, times, label, CLASSES, frameLabels, CLASSES,
                MASK_CLASSES, landmarks, Map.of());
    }

    private static LayeredPhantom maternal(double fat, double placentaX) {
        LayeredPhantom p = new LayeredPhantom(TISSUES, FLUID);
        p.add(Layer.flat(-50, 52), SKIN);
        p.add(new Layer(2, fat, 1.5, 37, 0.3), FAT);
        p.add(new Layer(2 + fat, 8, 1.0, 53, 1.1), MUSCLE);
        p.add(Blob.ellipse(placentaX, 10 + fat, 40, 12, 0.1), PLACENTA);
        return p;
    }

    /** Paints the anatomy of {@code plane} into {@code p} and lists its landmarks. */
    static void build(FetalPlane plane, LayeredPhantom p, Placement f, List<Landmark> marks, RandomGenerator r) {
        switch (plane) {
            case HEAD -> {
                double a = 40;
                double b = 32;
                p.add(f.ellipse(0, 0, a + 3, b + 3, 0), SOFT);
                p.add(f.ellipse(0, 0, a, b, 0), BRAIN);
                p.add(f.capsule(-0.85 * a, 0, -10, 0, 0.6), FALX);
                p.add(f.capsule(16, 0, 0.85 * a, 0, 0.6), FALX);
                p.add(f.ellipse(-3, -5.5, 7, 4.5, 0.15), THALAMUS);
                p.add(f.ellipse(-3, 5.5, 7, 4.5, -0.15), THALAMUS);
                p.add(f.ellipse(11, 0, 4.5, 2.8, 0), ORGAN_FLUID);
                p.add(f.ring(0, 0, a, b, 0, 2.5), SKULL);
                marks.addAll(List.of(f.landmark("skull", 0, -b), f.landmark("skull", 0, b),
                        f.landmark("midline", -25, 0), f.landmark("thalami", -3, 0),
                        f.landmark("cavum septi pellucidi", 11, 0)));
            }
            case ABDOMEN -> {
                p.add(f.ellipse(0, 0, 32, 29, 0), FACE_SKIN);
                p.add(f.ellipse(0, 0, 31, 28, 0), SOFT);
                p.add(f.ellipse(8, -4, 17, 15, 0.3), LIVER);
                p.add(f.ellipse(-11, -3, 9, 6, 0.4), ORGAN_FLUID);
                p.add(f.capsule(5, -26, 2, -9, 1.8), ORGAN_FLUID);
                p.add(f.circle(0, 21, 3.5), BONE);
                p.add(f.circle(-4, 25, 1.5), BONE);
                p.add(f.circle(4, 25, 1.5), BONE);
                p.add(f.circle(-25, 8, 1.4), BONE);
                p.add(f.circle(25, 8, 1.4), BONE);
                marks.addAll(List.of(f.landmark("stomach bubble", -11, -3), f.landmark("umbilical vein", 3, -15),
                        f.landmark("spine", 0, 21)));
            }
            case FEMUR -> {
                p.add(f.ellipse(0, 0, 31, 10, 0), SOFT);
                p.add(f.ellipse(-38, 14, 22, 18, 0.4), SOFT);
                p.add(f.capsule(-22, 0, 22, 1.5, 2.2), BONE);
                marks.addAll(List.of(f.landmark("femur end", -22, 0), f.landmark("femur end", 22, 1.5),
                        f.landmark("femur shaft", 0, 0.8)));
            }
            case HEART -> {
                p.add(f.ellipse(0, 0, 31, 28, 0), FACE_SKIN);
                p.add(f.ellipse(0, 0, 30, 27, 0), SOFT);
                p.add(f.ellipse(-3, -4, 15, 12.5, 0.8), MYOCARDIUM);
                double[][] chambers = {{-8.5, -8}, {2, -11}, {-8, 2.5}, {2.5, -0.5}};
                Placement heart = new Placement(f.x(-3, -4), f.z(-3, -4), f.angle() + 0.8, f.scale());
                String[] names = {"right ventricle", "left ventricle", "right atrium", "left atrium"};
                for (int c = 0; c < 4; c++) {
                    double hx = (c % 2 == 0 ? -5.2 : 5.2);
                    double hz = (c < 2 ? -3.8 : 4.2);
                    p.add(heart.ellipse(hx, hz, 4.3, 3.3, 0), ORGAN_FLUID);
                    marks.add(heart.landmark(names[c], hx, hz));
                }
                p.add(f.circle(0, 20, 3.5), BONE);
                p.add(f.circle(-24, 6, 1.4), BONE);
                p.add(f.circle(24, 6, 1.4), BONE);
                marks.add(heart.landmark("crux", 0, 0));
                marks.add(f.landmark("spine", 0, 20));
                double period = 60.0 / (130 + 30 * r.nextDouble());
                p.move(new EllipticContraction(heart.cx(), heart.cz(), 10 * f.scale(), 8 * f.scale(), heart.angle(),
                        1.4, t -> 1 - 0.13 * EllipticContraction.cycle(t, period), 0, 0));
            }
            case SPINE -> {
                p.add(f.ellipse(0, 0, 46, 16, 0), SOFT);
                p.add(f.ellipse(0, -14.5, 40, 2, 0), FACE_SKIN);
                for (int k = -7; k <= 7; k++) {
                    double bend = 0.05 * k * k;
                    p.add(f.ellipse(k * 5.4, -4 + bend, 2.1, 1.6, 0), BONE);
                    p.add(f.ellipse(k * 5.4, -9 + bend, 1.7, 1.1, 0), BONE);
                }
                marks.addAll(List.of(f.landmark("cervical spine", -35, -4), f.landmark("vertebrae", 0, -4),
                        f.landmark("sacrum", 35, -1)));
            }
            case KIDNEYS -> {
                p.add(f.ellipse(0, 0, 31, 28, 0), FACE_SKIN);
                p.add(f.ellipse(0, 0, 30, 27, 0), SOFT);
                p.add(f.ellipse(-12, 9, 7, 9.5, 0.5), KIDNEY);
                p.add(f.ellipse(12, 9, 7, 9.5, -0.5), KIDNEY);
                p.add(f.ellipse(-11, 8.5, 2, 3, 0.5), ORGAN_FLUID);
                p.add(f.ellipse(11, 8.5, 2, 3, -0.5), ORGAN_FLUID);
                p.add(f.circle(0, 19, 3.5), BONE);
                p.add(f.circle(-4, 23, 1.4), BONE);
                p.add(f.circle(4, 23, 1.4), BONE);
                marks.addAll(List.of(f.landmark("left kidney", -12, 9), f.landmark("right kidney", 12, 9),
                        f.landmark("spine", 0, 19)));
            }
            case FACE -> {
                p.add(f.ellipse(0, 14, 27, 25, 0), SOFT);
                p.add(f.ellipse(0, -13, 6.5, 4.5, 0), FACE_SKIN);
                p.add(f.circle(-2.5, -12.5, 1.2), ORGAN_FLUID);
                p.add(f.circle(2.5, -12.5, 1.2), ORGAN_FLUID);
                p.add(f.ellipse(0, -5.5, 10, 3, 0), FACE_SKIN);
                p.add(f.capsule(-6, -2.3, 6, -2.3, 0.7), ORGAN_FLUID);
                p.add(f.ellipse(0, 1, 9, 3, 0), FACE_SKIN);
                p.add(f.ellipse(0, 9, 11, 5, 0), SOFT);
                marks.addAll(List.of(f.landmark("nose", 0, -13), f.landmark("upper lip", 0, -5.5),
                        f.landmark("lower lip", 0, 1)));
            }
            case OTHER -> {
                int blobs = 2 + r.nextInt(3);
                for (int k = 0; k < blobs; k++) {
                    double lx = -30 + 60 * r.nextDouble();
                    double lz = -20 + 40 * r.nextDouble();
                    p.add(new Blob(f.x(lx, lz), f.z(lx, lz), (8 + 14 * r.nextDouble()) * f.scale(),
                            (6 + 10 * r.nextDouble()) * f.scale(), r.nextDouble() * Math.PI,
                            new double[] {0, 0.1 * r.nextDouble(), 0.08 * r.nextDouble()},
                            new double[] {0, r.nextDouble() * 6, r.nextDouble() * 6}, 0, 0), SOFT);
                    marks.add(f.landmark("fetal part", lx, lz));
                    if (r.nextDouble() < 0.4) {
                        p.add(f.ellipse(lx, lz, 3 + 3 * r.nextDouble(), 2 + 2 * r.nextDouble(), r.nextDouble() * 3),
                                ORGAN_FLUID);
                    }
                }
                if (r.nextDouble() < 0.6) {
                    double lx = -20 + 40 * r.nextDouble();
                    double lz = -15 + 30 * r.nextDouble();
                    double ang = r.nextDouble() * Math.PI;
                    double len = 6 + 10 * r.nextDouble();
                    p.add(f.capsule(lx - len * Math.cos(ang), lz - len * Math.sin(ang),
                            lx + len * Math.cos(ang), lz + len * Math.sin(ang), 1.5), BONE);
                }
            }
            default -> throw new IllegalStateException("unhandled plane " + plane);
        }
    }
}
