/**
 * Optimisers (SGD, Adam, AdamW, LARS) with parameter groups and checkpointable state, gradient
 * clipping, schedules, EMA teachers, and the differentiable SGD step of meta-learning
 * ({@link org.sonograd.nn.optim.Sgd#lookahead}).
 */
package org.sonograd.nn.optim;
