package org.sonograd.nn.layers;

import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;
import org.sonograd.nn.functional.PoolFunctions;

/** Max pooling, {@code torch.nn.MaxPool2d/3d} by the kernel's length (dilation 1, floor mode). */
public final class MaxPool extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;

    /** Max over windows {@code kernel} moved by {@code stride}, input padded by {@code padding} (−∞). */
    public MaxPool(int[] kernel, int[] stride, int[] padding) {
        if ((kernel.length != 2 && kernel.length != 3) || stride.length != kernel.length || padding.length != kernel.length) {
            throw new IllegalArgumentException("MaxPool: kernel, stride and padding need 2 or 3 entries each");
        }
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
    }

    @Override
    public Var forward(Var x) {
        return kernel.length == 2 ? PoolFunctions.maxPool2d(x, kernel, stride, padding)
                : PoolFunctions.maxPool3d(x, kernel, stride, padding);
    }
}
