package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.PoolFunctions;

/** Average pooling, {@code torch.nn.AvgPool2d/3d} by the kernel's length (padding counted, floor mode). */
public final class AvgPool extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;

    /** Mean over windows {@code kernel} moved by {@code stride}, input zero-padded by {@code padding}. */
    public AvgPool(int[] kernel, int[] stride, int[] padding) {
        if ((kernel.length != 2 && kernel.length != 3) || stride.length != kernel.length || padding.length != kernel.length) {
            throw new IllegalArgumentException("AvgPool: kernel, stride and padding need 2 or 3 entries each");
        }
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
    }

    @Override
    public Var forward(Var x) {
        return kernel.length == 2 ? PoolFunctions.avgPool2d(x, kernel, stride, padding)
                : PoolFunctions.avgPool3d(x, kernel, stride, padding);
    }
}
