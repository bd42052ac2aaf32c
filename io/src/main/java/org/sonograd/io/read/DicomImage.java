package org.sonograd.io.read;

import java.util.List;

/**
 * Decoded DICOM pixel data: every frame as a {@link Picture} (grey, or RGB for colour and palette
 * images), plus the attributes that decided the decoding.
 */
public record DicomImage(List<Picture> frames, String photometric, String transferSyntax, int bitsAllocated) {
    /** Rows. */
    public int height() {
        return frames.getFirst().height();
    }

    /** Columns. */
    public int width() {
        return frames.getFirst().width();
    }
}
