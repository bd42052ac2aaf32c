package org.sonograd.ssl.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The terminal progress of a run: a progress bar with step, epoch, loss, clips/s and ETA, or in
 * quiet mode (CI=true, {@code --quiet}) nothing but one line at each checkpoint.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final boolean quiet;

    private Progress(ProgressBar bar, boolean quiet) {
        this.bar = bar;
        this.quiet = quiet;
    }

    /** A progress display for {@code total} steps starting at {@code start}; quiet when asked or when CI=true. */
    public static Progress start(String task, long start, long total, boolean quiet) {
        boolean q = quiet || "true".equalsIgnoreCase(System.getenv("CI"));
        if (q) {
            return new Progress(null, true);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(start, java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed().build();
        return new Progress(bar, false);
    }

    /** Step {@code step} (completed steps) done. */
    public void update(long step, double epoch, double loss, double clipsPerSecond) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(" epoch %.2f loss %.4f %.1f clips/s", epoch, loss, clipsPerSecond));
        }
    }

    /** A checkpoint was written. */
    public void checkpoint(long step, String sha256) {
        if (quiet) {
            System.err.printf("checkpoint step %d sha256 %s%n", step, sha256.substring(0, 16));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
