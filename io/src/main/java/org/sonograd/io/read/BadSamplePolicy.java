package org.sonograd.io.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What to do with a sample that cannot be read ({@code --on-bad-sample skip|fail}): FAIL rethrows
 * the {@link SampleException}; SKIP counts it, remembers the message for the run log and returns
 * empty. Thread-safe.
 */
public final class BadSamplePolicy {
    /** The two behaviours. */
    public enum Mode { SKIP, FAIL }

    private final Mode mode;
    private final List<String> skipped = new ArrayList<>();

    /** A policy with the given mode. */
    public BadSamplePolicy(Mode mode) {
        this.mode = mode;
    }

    /** Parses {@code skip} or {@code fail}. */
    public static BadSamplePolicy parse(String mode) {
        return switch (mode.toLowerCase()) {
            case "skip" -> new BadSamplePolicy(Mode.SKIP);
            case "fail" -> new BadSamplePolicy(Mode.FAIL);
            default -> throw new IllegalArgumentException("--on-bad-sample: '" + mode + "' is neither skip nor fail");
        };
    }

    /** Runs {@code read}; a {@link SampleException} is rethrown (FAIL) or counted and turned into empty (SKIP). */
    public <T> Optional<T> apply(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (SampleException e) {
            if (mode == Mode.FAIL) {
                throw e;
            }
            synchronized (skipped) {
                skipped.add(e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Number of samples skipped so far. */
    public int skippedCount() {
        synchronized (skipped) {
            return skipped.size();
        }
    }

    /** The messages of the skipped samples, for the run log. */
    public List<String> skippedMessages() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }
}
