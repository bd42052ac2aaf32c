package org.sonograd.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that is not a valid safetensors file; the message names the file and the defect. */
public final class CorruptCheckpointException extends IOException {
    /** The defect {@code what} found in {@code file}. */
    public CorruptCheckpointException(Path file, String what) {
        super(file + ": " + what);
    }
}
