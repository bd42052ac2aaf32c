package org.sonograd.io.sim;

/** A named anatomical point of a phantom (mm), where a sonographer looks and what the narration names. */
public record Landmark(String name, double x, double z) {
}
