package org.sonograd.io.sim;

import java.util.List;

/** A family of simulated clips; {@link #plan} is a pure function of (seed, index, spec). */
public interface Scene {
    /** Decides clip {@code index} of the dataset with seed {@code seed}. */
    ScenePlan plan(long seed, int index, ClipSpec spec);

    /** The clip classes, in label order. */
    List<String> classes();
}
