package org.sonograd.io.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a simulated B-mode frame must look like, measured against the simulator's own ground truth
 * (the tissue seen at each pixel, {@link BModeImager#tissueMap}), and how much the probe and the
 * tissue move between the frames the order task compares.
 */
class SimulatedImageTest {
    /** Grey levels of the pixels showing soft tissue, the interior of fluid, and bright reflectors. */
    private record Levels(float[] soft, float[] fluid, float[] bright) {
    }

    private static Levels levels(SceneKind kind, ClipSpec spec, int clips) {
        List<Float> soft = new ArrayList<>();
        List<Float> fluid = new ArrayList<>();
        List<Float> bright = new ArrayList<>();
        int side = spec.width();
        int[] tissue = new int[spec.height() * side];
        for (int index = 0; index < clips; index++) {
            ScenePlan plan = kind.scene().plan(5, index, spec);
            Clip clip = Simulator.clip(kind, 5, index, spec);
            for (int t = 0; t < spec.frames(); t++) {
                plan.imager().tissueMap(plan.phantoms()[t], plan.poses()[t], plan.times()[t], tissue, 0);
                List<Tissue> tissues = plan.phantoms()[t].tissues();
                float[] frame = clip.frame(t);
                for (int o = 0; o < frame.length; o++) {
                    if (tissue[o] < 0 || tissues.get(tissue[o]).kind() != Tissue.Kind.NORMAL) {
                        continue;
                    }
                    double e = tissues.get(tissue[o]).echogenicity();
                    if (e < 0.015 && fluidAround(tissue, tissues, o, side, 2)) {
                        fluid.add(frame[o]);
                    } else if (e >= 0.08 && e <= 0.45) {
                        soft.add(frame[o]);
                    } else if (e >= 0.7) {
                        bright.add(frame[o]);
                    }
                }
            }
        }
        return new Levels(toArray(soft), toArray(fluid), toArray(bright));
    }

    // pixel o and every pixel within r of it show fluid (the interior, away from the blur of its walls)
    private static boolean fluidAround(int[] tissue, List<Tissue> tissues, int o, int side, int r) {
        int y = o / side;
        int x = o % side;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int yy = y + dy;
                int xx = x + dx;
                if (yy < 0 || xx < 0 || yy >= tissue.length / side || xx >= side) {
                    return false;
                }
                int k = tissue[yy * side + xx];
                if (k < 0 || tissues.get(k).echogenicity() >= 0.015) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[] toArray(List<Float> v) {
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        Arrays.sort(a);
        return a;
    }

    private static double median(float[] sorted) {
        return sorted[sorted.length / 2];
    }

    @Test
    void softTissueIsMidGreyFluidIsDarkAndReflectorsAreBright() {
        ClipSpec spec = new ClipSpec(3, 96, 96, 1);
        for (SceneKind kind : SceneKind.values()) {
            Levels l = levels(kind, spec, 2);
            double soft = median(l.soft());
            assertTrue(soft > 0.3 && soft < 0.65, kind + ": median soft-tissue grey level " + soft + " outside [0.3, 0.65]");
            if (l.fluid().length > 0) {
                double fluid = median(l.fluid());
                assertTrue(fluid < 0.1 && fluid < soft - 0.25, kind + ": median fluid grey level " + fluid
                        + " against soft tissue " + soft);
            }
            if (kind == SceneKind.FETAL || kind == SceneKind.ECHO) {
                assertTrue(l.fluid().length > 500, kind + ": the frames show amniotic fluid or the blood pool");
            }
            if (kind != SceneKind.FETAL) {
                // fetal bone is mostly its own shadowed interior; elsewhere e ≥ 0.7 marks pleura, ligaments, valves
                double bright = median(l.bright());
                assertTrue(bright > soft + 0.1, kind + ": median reflector grey level " + bright + " against soft tissue "
                        + soft);
            }
        }
    }

    /** The 12 order classes: each permutation of 4 frames with p[0] < p[3] (a sequence and its reverse). */
    private static List<int[]> orderClasses() {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    int d = 6 - a - b - c;
                    if (a != b && a != c && b != c && d != a && d != b && d != c && d >= 0 && a < d) {
                        out.add(new int[] {a, b, c, d});
                    }
                }
            }
        }
        return out;
    }

    // 4×4-pixel block means: the layout of the frame, not its speckle
    private static float[] coarse(float[] frame, int side) {
        int s = side / 4;
        float[] out = new float[s * s];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[(y / 4) * s + x / 4] += frame[y * side + x] / 16;
            }
        }
        return out;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    /**
     * At the recipe's defaults (40 frames of 32×32 at 10 fps, frames 3 apart) the fetal sweep's layout
     * moves steadily: for frames t, t+3, t+6, t+9 the shortest path through their 4×4-block-mean images
     * (the order a plain nearest-neighbour rule recovers, with no learning) is the true order far above
     * chance (1/12), and frames 9 apart differ more than frames 3 apart. (Before the probe scanned, with
     * only a ±2.5 mm hand drift, the rule recovered 0.26 of the fetal windows.)
     */
    @Test
    void probeMotionMakesTheOrderOfFramesThreeApartVisible() {
        ClipSpec spec = new ClipSpec(40, 32, 32, 10);
        int gap = 3;
        List<int[]> classes = orderClasses();
        double[] recovered = new double[SceneKind.values().length];
        for (SceneKind kind : SceneKind.values()) {
            int correct = 0;
            int windows = 0;
            double motion = 0;
            double motion3 = 0;
            double speckle = 0;
            for (int index = 0; index < 6; index++) {
                Clip clip = Simulator.clip(kind, 7, index, spec);
                for (int start = 0; start + 3 * gap < spec.frames(); start += 2) {
                    float[][] f = new float[4][];
                    for (int i = 0; i < 4; i++) {
                        f[i] = coarse(clip.frame(start + gap * i), 32);
                    }
                    int[] best = null;
                    double bestLength = Double.MAX_VALUE;
                    for (int[] p : classes) {
                        double length = meanAbsDiff(f[p[0]], f[p[1]]) + meanAbsDiff(f[p[1]], f[p[2]])
                                + meanAbsDiff(f[p[2]], f[p[3]]);
                        if (length < bestLength) {
                            bestLength = length;
                            best = p;
                        }
                    }
                    correct += Arrays.equals(best, new int[] {0, 1, 2, 3}) ? 1 : 0;
                    windows++;
                    motion += meanAbsDiff(f[0], f[1]);
                    motion3 += meanAbsDiff(f[0], f[3]);
                }
                // the same frame with other scatterers: what speckle alone changes in the block means
                ScenePlan plan = kind.scene().plan(7, index, spec);
                float[] other = new float[32 * 32];
                int t = spec.frames() / 2;
                ScattererField otherScatterers = plan.imager().scatterers(8, index, plan.poses()[0]);
                plan.imager().render(plan.phantoms()[t], plan.poses()[t], plan.times()[t], otherScatterers,
                        KeyedRandom.of(7, index, t, KeyedRandom.tag("rf-noise")), other, 0, null, 0);
                speckle += meanAbsDiff(coarse(clip.frame(t), 32), coarse(other, 32)) / 6;
            }
            motion /= windows;
            motion3 /= windows;
            recovered[kind.ordinal()] = (double) correct / windows;
            System.out.printf("%s: order recovered from the layout in %.3f of windows (chance 0.083); layout change "
                    + "%.4f between frames %d apart, %.4f %d apart, %.4f from new speckle alone%n", kind,
                    recovered[kind.ordinal()], motion, gap, motion3, 3 * gap, speckle);
            if (kind == SceneKind.FETAL) {
                assertTrue(motion3 > 1.3 * motion, kind + ": layout change " + motion3 + " over 3 gaps vs " + motion
                        + " over one");
            }
        }
        assertTrue(recovered[SceneKind.FETAL.ordinal()] > 0.6, "fetal: " + recovered[SceneKind.FETAL.ordinal()]);
    }
}
