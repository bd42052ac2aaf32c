package org.sonograd.nn.backbones;

import org.sonograd.nn.Module;
import org.sonograd.nn.layers.Activation;
import org.sonograd.nn.layers.BatchNorm;
import org.sonograd.nn.layers.Conv;
import org.sonograd.nn.layers.Sequential;
import org.sonograd.tensor.ConvOptions;
import org.sonograd.tensor.RandomStream;

/** The 3×3×3 convolution of a video residual block: torchvision's {@code Conv3DSimple} or {@code Conv2Plus1D}. */
public enum VideoConv {
    /** A full 3×3×3 convolution, stride s in every dim (R3D). */
    SIMPLE_3D,
    /**
     * A 1×3×3 spatial convolution to {@code mid} channels, BN, ReLU, then a 3×1×1 temporal one
     * (Tran et al. 2018's (2+1)D factorisation, R(2+1)D), named 0 … 3 as torch's Sequential.
     */
    TWO_PLUS_ONE_D;

    /** The convolution from {@code in} to {@code out} channels with stride {@code stride}. */
    public Module build(long in, long out, long mid, int stride, RandomStream random) {
        return switch (this) {
            case SIMPLE_3D -> conv3d(in, out, new int[] {3, 3, 3}, new int[] {stride, stride, stride},
                    new int[] {1, 1, 1}, random);
            case TWO_PLUS_ONE_D -> new Sequential(
                    conv3d(in, mid, new int[] {1, 3, 3}, new int[] {1, stride, stride}, new int[] {0, 1, 1}, random),
                    new BatchNorm(mid), Activation.relu(),
                    conv3d(mid, out, new int[] {3, 1, 1}, new int[] {stride, 1, 1}, new int[] {1, 0, 0}, random));
        };
    }

    /** A bias-free 3-D convolution with per-dim kernel, stride and padding. */
    static Conv conv3d(long in, long out, int[] kernel, int[] stride, int[] padding, RandomStream random) {
        return new Conv(in, out, kernel, new ConvOptions(stride, padding, new int[] {1, 1, 1}, 1, new int[] {0, 0, 0}),
                false, random);
    }
}
