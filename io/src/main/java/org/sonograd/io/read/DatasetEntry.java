package org.sonograd.io.read;

import java.nio.file.Path;
import java.util.List;

/**
 * One sample of a dataset layout: its file, class, mask files (possibly several, to be OR-merged),
 * and numeric annotations (e.g. HC18 pixel size and head circumference).
 */
public record DatasetEntry(Path file, int label, String className, List<Path> masks, double[] values) {
}
