/**
 * Differentiable neural-network functions, one rule table per family: {@link
 * org.sonograd.nn.functional.LossFunctions} (cross-entropy, BCE, MSE, smooth-L1, KL, Dice, fused
 * InfoNCE / NT-Xent), {@link org.sonograd.nn.functional.NormFunctions} (batch, layer, group norm),
 * {@link org.sonograd.nn.functional.LayerFunctions} (linear, embedding, dropout, L2 normalisation),
 * {@link org.sonograd.nn.functional.ActivationFunctions}, {@link
 * org.sonograd.nn.functional.AttentionFunctions}, {@link org.sonograd.nn.functional.IndexFunctions},
 * and the convolution, pooling and resampling tables.
 *
 * <p>Each public static method returning a {@code Var} is a rule: its forward runs on tensors (often
 * through a fused kernel) and its backward is written with differentiable ops, so second derivatives
 * work; each table has a test running gradcheck and gradgradcheck on every rule, and
 * {@code tests/.../layers/LayerParityTest} compares every op with PyTorch 1.13. Choices made here:
 * losses average over samples unless per-sample weights are given (then Σ w_i ℓ_i, the caller
 * normalises); attention takes a keep-mask (PyTorch's key_padding_mask negated); batch-norm running
 * statistics are updated in place on the buffers passed in, outside the graph.
 */
package org.sonograd.nn.functional;
