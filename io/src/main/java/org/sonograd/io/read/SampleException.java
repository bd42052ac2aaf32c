package org.sonograd.io.read;

import java.nio.file.Path;

/** A file that cannot be read as a sample: the message names the file and the problem. */
public final class SampleException extends RuntimeException {
    private final transient Path file;

    /** {@code file: problem}. */
    public SampleException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** {@code file: problem}, with the underlying cause. */
    public SampleException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
