package org.sonograd.nn.init;

/** Which fan a Kaiming initialisation preserves: the forward pass's variance (fan-in) or the backward pass's (fan-out). */
public enum FanMode {
    /** fan_in = size(1) · receptive field. */
    FAN_IN,
    /** fan_out = size(0) · receptive field. */
    FAN_OUT
}
