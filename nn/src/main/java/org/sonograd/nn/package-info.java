/**
 * Modules, parameters and buffers: the layer API the recipes are written in.
 *
 * <p><b>Memory ownership rule.</b> Three lifetimes exist:
 * <ul>
 *   <li>Parameters and buffers own their storage, each in its own detached
 *       {@link org.sonograd.tensor.MemoryScope}: they survive every training-step scope and are freed by
 *       {@link org.sonograd.nn.Module#close()}.</li>
 *   <li>Optimiser state (momentum, Adam moments) is owned by the optimiser in its detached scope and is
 *       freed by {@link org.sonograd.nn.optim.Optimizer#close()}.</li>
 *   <li>Everything else — activations, the graph, gradients, look-ahead parameters θ' — is a
 *       temporary of the step that made it and is freed when the step's scope closes. Gradients
 *       therefore must be cleared ({@code zeroGrad()}) before the next step's backward pass.</li>
 * </ul>
 * Updates to parameters, buffers and optimiser state are in place ({@code tensor().assign(…)}), so
 * they never change owner.
 */
package org.sonograd.nn;
