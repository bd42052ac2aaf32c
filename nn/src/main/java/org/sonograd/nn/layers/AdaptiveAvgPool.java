package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.PoolFunctions;

/** Adaptive average pooling to a fixed output size, {@code torch.nn.AdaptiveAvgPool2d/3d} by the size's length. */
public final class AdaptiveAvgPool extends Module {
    private final int[] size;

    /** Pooling to {@code size} (2 or 3 entries; all 1 for global average pooling). */
    public AdaptiveAvgPool(int... size) {
        if (size.length != 2 && size.length != 3) {
            throw new IllegalArgumentException("AdaptiveAvgPool: size needs 2 or 3 entries");
        }
        this.size = size.clone();
    }

    @Override
    public Var forward(Var x) {
        return size.length == 2 ? PoolFunctions.adaptiveAvgPool2d(x, size) : PoolFunctions.adaptiveAvgPool3d(x, size);
    }
}
