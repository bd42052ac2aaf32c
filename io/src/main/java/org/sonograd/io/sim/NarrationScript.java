package org.sonograd.io.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes what a sonographer says during a fetal sweep: when a standard plane comes into view, after
 * a short reaction delay, a sentence naming it (varied phrasing), then often one naming its
 * landmarks; while sliding between planes, sometimes a remark to the patient unrelated to the
 * image; silence in between. Sentence starts are spaced by an estimated speaking time
 * (0.38 s per word plus a pause) so they never overlap.
 */
public final class NarrationScript {
    private static final String[] NAMING = {
        "Here is the %s.", "Okay, this is the %s view.", "Now we are looking at the %s.",
        "And this is the %s plane.", "Let me get the %s.", "There we go, the %s.", "So that's the %s."
    };
    private static final String[] DETAIL = {
        "You can see the %s.", "I can see the %s here.", "There is the %s.", "We have the %s and the %s.",
        "Just checking the %s.", "The %s looks normal."
    };
    private static final String[] UNRELATED = {
        "Are you comfortable?", "Just a little more gel.", "Baby is moving quite a lot today.",
        "Try to relax for me.", "Sorry, my hands are cold.", "Nearly done now.", "How have you been feeling?",
        "Let me just move over here."
    };
    private static final double SECONDS_PER_WORD = 0.38;

    private NarrationScript() {
    }

    /** The narration of a clip with the given frame labels ({@link FetalPlane} ordinals) and landmarks. */
    public static List<Utterance> write(int[] frameLabels, List<List<Landmark>> landmarks, double fps,
                                        RandomGenerator r) {
        List<Utterance> out = new ArrayList<>();
        double free = 0;
        int start = 0;
        while (start < frameLabels.length) {
            int end = start;
            while (end < frameLabels.length && frameLabels[end] == frameLabels[start]) {
                end++;
            }
            FetalPlane plane = FetalPlane.values()[frameLabels[start]];
            double t0 = start / fps;
            double t1 = end / fps;
            if (plane != FetalPlane.OTHER) {
                double at = Math.max(free, t0 + 0.3 + 0.7 * r.nextDouble());
                String naming = NAMING[r.nextInt(NAMING.length)].formatted(plane.spoken());
                if (at < t1) {
                    free = add(out, at, naming, plane.ordinal());
                    List<String> names = new ArrayList<>(new LinkedHashSet<>(
                            landmarks.get(start).stream().map(Landmark::name).toList()));
                    if (!names.isEmpty() && r.nextDouble() < 0.7) {
                        String template = DETAIL[r.nextInt(DETAIL.length)];
                        String a = names.get(r.nextInt(names.size()));
                        String b = names.get(r.nextInt(names.size()));
                        String detail = template.contains("%s and the %s") ? template.formatted(a, b) : template.formatted(a);
                        double at2 = free + 0.4 + 0.8 * r.nextDouble();
                        if (at2 < t1) {
                            free = add(out, at2, detail, plane.ordinal());
                        }
                    }
                }
            } else if (r.nextDouble() < 0.4) {
                double at = Math.max(free, t0 + 0.1);
                if (at < t1 + 1.0) {
                    free = add(out, at, UNRELATED[r.nextInt(UNRELATED.length)], -1);
                }
            }
            start = end;
        }
        return out;
    }

    /** Estimated seconds to say {@code text}. */
    public static double speakingTime(String text) {
        return SECONDS_PER_WORD * text.split("\\s+").length;
    }

    private static double add(List<Utterance> out, double at, String text, int plane) {
        out.add(new Utterance(at, text, plane));
        return at + speakingTime(text) + 0.3;
    }
}
