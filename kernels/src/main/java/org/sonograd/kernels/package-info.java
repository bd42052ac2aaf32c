/**
 * Raw compute over off-heap buffers, with no Tensor type.
 *
 * <p>Every kernel family comes in two parts side by side: a plain-loop reference
 * ({@code *Reference}) that a reader can check by eye, and a fast version written with the Vector
 * API over 64-byte-aligned {@link java.lang.foreign.MemorySegment}s. Tests compare the two at
 * awkward sizes; JMH benchmarks in the {@code bench} module time the fast one.
 *
 * <p>Conventions: sizes, offsets and strides count elements, not bytes; matrices are row-major;
 * work is split into tasks whose count depends only on the problem size (see {@link
 * org.sonograd.kernels.Parallel}), so results do not depend on the thread count.
 */
package org.sonograd.kernels;
