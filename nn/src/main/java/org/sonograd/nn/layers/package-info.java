/**
 * Layer modules with PyTorch's parameter names and default initialisation, wrapping the
 * differentiable ops of {@code org.sonograd.nn.functional} and {@code autograd}.
 */
package org.sonograd.nn.layers;
