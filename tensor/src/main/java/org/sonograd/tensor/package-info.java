/**
 * Tensors: shape, strides, dtype, device and storage; zero-copy views; broadcasting and dtype
 * promotion; memory scopes; the Philox random stream; and the dispatch of every op to the kernels.
 * This module has no gradients: {@code autograd} builds on it.
 */
package org.sonograd.tensor;
