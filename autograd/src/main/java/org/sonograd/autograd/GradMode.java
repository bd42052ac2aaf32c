package org.sonograd.autograd;

/**
 * Whether ops record a graph on this thread. {@code try (var off = GradMode.off()) { … }} runs a
 * block without recording (PyTorch's {@code torch.no_grad()}); modes nest and restore on close.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);
    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = ENABLED.get();
        ENABLED.set(enabled);
    }

    /** Stops recording until the returned mode is closed. */
    public static GradMode off() {
        return new GradMode(false);
    }

    /** Records (again) until the returned mode is closed. */
    public static GradMode on() {
        return new GradMode(true);
    }

    /** True when ops record a graph on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    @Override
    public void close() {
        ENABLED.set(previous);
    }
}
