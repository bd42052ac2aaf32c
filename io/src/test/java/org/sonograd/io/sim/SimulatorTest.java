package org.sonograd.io.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final ClipSpec SMALL = new ClipSpec(4, 64, 64, 15);

    @Test
    void sameSeedGivesSameClipAndOtherSeedADifferentOne() {
        for (SceneKind kind : SceneKind.values()) {
            Clip a = Simulator.clip(kind, 11, 3, SMALL);
            Clip b = Simulator.clip(kind, 11, 3, SMALL);
            Clip c = Simulator.clip(kind, 12, 3, SMALL);
            assertArrayEquals(a.pixels(), b.pixels(), kind + ": same seed must give the same frames");
            assertArrayEquals(a.masks(), b.masks(), kind + ": same seed must give the same masks");
            assertFalse(Arrays.equals(a.pixels(), c.pixels()), kind + ": another seed must give other frames");
            for (float v : a.pixels()) {
                assertTrue(v >= 0 && v <= 1, kind + ": intensity " + v + " outside [0,1]");
            }
        }
    }

    @Test
    void framesRenderedOneByOneInReverseOrderEqualTheParallelClip() {
        Clip clip = Simulator.clip(SceneKind.ECHO, 5, 1, SMALL);
        ScenePlan plan = SceneKind.ECHO.scene().plan(5, 1, SMALL);
        float[] img = new float[64 * 64];
        for (int t = SMALL.frames() - 1; t >= 0; t--) {
            plan.imager().render(plan.phantoms()[t], plan.poses()[t], plan.times()[t], plan.field(),
                    KeyedRandom.of(5, 1, t, KeyedRandom.tag("rf-noise")), img, 0, null, 0);
            assertArrayEquals(clip.frame(t), img, "frame " + t);
        }
    }

    /** A soft-tissue block with a bone rod and a fluid cyst, imaged with a linear probe. */
    private static LayeredPhantom testPhantom() {
        List<Tissue> tissues = List.of(Tissue.of("soft", 0.3, 0.5, 0), Tissue.of("bone", 1.0, 15, 1),
                Tissue.of("fluid", 0.01, 0.0, 2));
        return new LayeredPhantom(tissues, 0)
                .add(new Capsule(-12, 15, -4, 15, 1.5), 1)
                .add(Blob.circle(9, 15, 4), 2);
    }

    private static float[] image(LayeredPhantom p, ProbePose pose, double t, ScattererField field, int frame) {
        BModeImager imager = new BModeImager(Probe.linear(40, 40, 5), 128, 128, 55, 0, 0.5);
        float[] img = new float[128 * 128];
        imager.render(p, pose, t, field, KeyedRandom.of(1, frame), img, 0, null, 0);
        return img;
    }

    private static double mean(float[] img, int x0, int x1, int y0, int y1) {
        double s = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                s += img[y * 128 + x];
            }
        }
        return s / ((x1 - x0) * (y1 - y0));
    }

    @Test
    void boneCastsAShadowFluidIsDarkAndEnhancesBehind() {
        BModeImager imager = new BModeImager(Probe.linear(40, 40, 5), 128, 128, 55, 0, 0.5);
        ScattererField field = imager.scatterers(1, 0, new ProbePose(0, 0, 0));
        float[] img = image(testPhantom(), new ProbePose(0, 0, 0), 0, field, 0);
        // 40 mm over 128 px: x_px = (x_mm + 20)·3.2, z_px = z_mm·3.2
        double belowBone = mean(img, 30, 45, 70, 110);
        double besideBone = mean(img, 30, 45, 15, 35);
        assertTrue(belowBone < 0.5 * besideBone, "shadow " + belowBone + " vs tissue " + besideBone);
        double fluid = mean(img, 86, 96, 44, 52);
        double tissue = mean(img, 100, 125, 15, 35);
        assertTrue(fluid < 0.4 * tissue, "fluid " + fluid + " vs tissue " + tissue);
        double behindFluid = mean(img, 86, 96, 75, 110);
        double besideFluid = mean(img, 108, 124, 75, 110);
        assertTrue(behindFluid > besideFluid, "enhancement " + behindFluid + " vs " + besideFluid);
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void speckleIsTemporallyCoherentInStaticTissueAndFollowsSmallMotion() {
        LayeredPhantom p = new LayeredPhantom(List.of(Tissue.of("soft", 0.3, 0.5, 0)), 0);
        BModeImager imager = new BModeImager(Probe.linear(40, 40, 5), 128, 128, 55, 0, 0.5);
        ScattererField field = imager.scatterers(1, 0, new ProbePose(0, 0, 0));
        float[] f0 = image(p, new ProbePose(0, 0, 0), 0, field, 0);
        float[] f1 = image(p, new ProbePose(0, 0, 0), 0.066, field, 1);
        float[] moved = image(p, new ProbePose(0.1, 0, 0), 0.066, field, 1);
        float[] other = image(p, new ProbePose(0, 0, 0), 0, imager.scatterers(2, 0, new ProbePose(0, 0, 0)), 0);
        assertTrue(correlation(f0, f1) > 0.95, "static tissue frame-to-frame correlation " + correlation(f0, f1));
        assertTrue(correlation(f0, moved) > 0.7, "0.1 mm probe shift correlation " + correlation(f0, moved));
        assertTrue(Math.abs(correlation(f0, other)) < 0.1, "different scatterers correlation " + correlation(f0, other));
    }

    @Test
    void echoLeftVentricleShrinksFromEdToEsAndAbnormalEfContractsLess() {
        ClipSpec spec = new ClipSpec(30, 64, 64, 30);
        double normal = areaRatio(Simulator.clip(SceneKind.ECHO, 3, 0, spec));
        Clip reduced = Simulator.clip(SceneKind.ECHO, 3, 1, spec);
        assertEquals("reduced-ef", reduced.labelName());
        double low = areaRatio(reduced);
        // area ratio = s² with EF = 1 − s³: normal EF 55–65% → s² ∈ [0.50, 0.58]; 25–40% → [0.71, 0.83]
        assertTrue(normal > 0.4 && normal < 0.68, "normal ES/ED LV area ratio " + normal);
        assertTrue(low > 0.66 && low < 0.92, "reduced-EF ES/ED LV area ratio " + low);
    }

    private static double areaRatio(Clip clip) {
        int ed = clip.keyFrames().get("ED");
        int es = clip.keyFrames().get("ES");
        return (double) count(clip.mask(es), 1) / count(clip.mask(ed), 1);
    }

    private static int count(byte[] mask, int cls) {
        int n = 0;
        for (byte b : mask) {
            n += b == cls ? 1 : 0;
        }
        return n;
    }

    @Test
    void breastMasksMatchLabels() {
        for (int i = 0; i < 3; i++) {
            Clip c = Simulator.clip(SceneKind.BREAST, 9, i, new ClipSpec(1, 64, 64, 15));
            int lesion = count(c.mask(0), 1);
            if (c.labelName().equals("normal")) {
                assertEquals(0, lesion, "normal breast has no lesion pixels");
            } else {
                assertTrue(lesion > 10, c.labelName() + " lesion has " + lesion + " pixels");
            }
        }
    }

    @Test
    void fetalClipHasPlaneLabelsGazeAndNarration() {
        Clip c = Simulator.clip(SceneKind.FETAL, 4, 2, new ClipSpec(90, 48, 48, 15));
        assertEquals(90, c.frameLabels().length);
        assertNotNull(c.gaze());
        assertFalse(c.script().isEmpty(), "a 6 s sweep holds at least one standard plane and names it");
        Utterance first = c.script().getFirst();
        int frame = (int) Math.floor(first.start() * c.fps());
        assertEquals(first.plane(), c.frameLabels()[frame], "the naming sentence starts while its plane is shown");
        assertTrue(first.text().contains(FetalPlane.values()[first.plane()].spoken()), first.text());
        float[] density = c.gaze().densityMap(10, 2.0);
        double sum = 0;
        for (float v : density) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-4);
    }
}
