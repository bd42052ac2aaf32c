package org.sonograd.kernels.cuda.launch;

/**
 * infonce.cu: the fused InfoNCE / NT-Xent loss and its gradients without the N×N similarity matrix
 * (formulas in infonce.cu). One direction is {@code infonce_forward} (per-anchor log-sum-exp and loss
 * terms), then {@code infonce_backward} for the anchors' and the candidates' gradients, which
 * accumulate into their buffers; the loss is the deterministic sum of the terms. Every launch: grid
 * ⌈rows/32⌉, block (32, 8). Embeddings are L2-normalised rows of d ≤ 256 values.
 */
public final class CudaInfoNce {
    static final String FAMILY = "infonce";
    static final int TILE = 32;
    /** NCE_MAX_D: the gradient accumulators live in registers. */
    public static final int MAX_D = 256;

    private final KernelLauncher launcher;

    public CudaInfoNce(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * Cross-modal InfoNCE of z1 against z2 (both n×d; positive of row i is row i); {@code symmetric}
     * averages the 1→2 and 2→1 directions. negWeights (n×n) and anchorWeights (n) may be null. Writes
     * the loss to loss[0] and overwrites dz1 and dz2 with ∂L/∂z1 and ∂L/∂z2.
     */
    public void crossModal(boolean symmetric, int n, int d, DeviceBuffer z1, DeviceBuffer z2, float invTau,
                           DeviceBuffer negWeights, DeviceBuffer anchorWeights, DeviceBuffer loss, DeviceBuffer dz1,
                           DeviceBuffer dz2) {
        checkD(d);
        int directions = symmetric ? 2 : 1;
        float scale = symmetric ? 0.5f : 1.0f;
        DeviceBuffer terms = launcher.allocate(4L * directions * n);
        try {
            launcher.zero(dz1);
            launcher.zero(dz2);
            direction(n, n, d, z1, z2, invTau, negWeights, anchorWeights, 0, false, scale, terms.slice(0, n), dz1, dz2);
            if (symmetric) {
                direction(n, n, d, z2, z1, invTau, negWeights, anchorWeights, 0, false, scale, terms.slice(n, n), dz2, dz1);
            }
            new CudaReductions(launcher).sum((long) directions * n, terms, loss);
        } finally {
            launcher.release(terms);
        }
    }

    /**
     * NT-Xent over the 2n stacked views z (2n×d; the positive of row i is row (i + n) mod 2n, the row
     * itself excluded). negWeights (2n×2n) and anchorWeights (2n) may be null. Writes the loss to
     * loss[0] and overwrites dz with ∂L/∂z.
     */
    public void ntXent(int n, int d, DeviceBuffer z, float invTau, DeviceBuffer negWeights, DeviceBuffer anchorWeights,
                       DeviceBuffer loss, DeviceBuffer dz) {
        checkD(d);
        int rows = 2 * n;
        DeviceBuffer terms = launcher.allocate(4L * rows);
        try {
            launcher.zero(dz);
            direction(rows, rows, d, z, z, invTau, negWeights, anchorWeights, n, true, 1.0f, terms, dz, dz);
            new CudaReductions(launcher).sum(rows, terms, loss);
        } finally {
            launcher.release(terms);
        }
    }

    /**
     * One direction: terms[i] = c_i (lse_i − s_i,pos/τ) for the rowsA anchors of za against the rowsB
     * candidates of zb; gradA += ∂L/∂za and gradB += ∂L/∂zb (they may be the same buffer).
     */
    public void direction(int rowsA, int rowsB, int d, DeviceBuffer za, DeviceBuffer zb, float invTau,
                          DeviceBuffer negWeights, DeviceBuffer anchorWeights, int posShift, boolean excludeSelf,
                          float lossScale, DeviceBuffer terms, DeviceBuffer gradA, DeviceBuffer gradB) {
        checkD(d);
        if (rowsA == 0) {
            return;
        }
        DeviceBuffer lse = launcher.allocate(4L * rowsA);
        try {
            Dim3 block = Dim3.of(TILE, 8);
            launcher.launch(FAMILY, "infonce_forward", Dim3.of(Dim3.blocks(rowsA, TILE)), block, 0,
                    common(KernelArgs.create(), rowsA, rowsB, d, za, zb, invTau, negWeights, anchorWeights, posShift,
                            excludeSelf, lossScale).ptr(lse).ptr(terms));
            launcher.launch(FAMILY, "infonce_backward", Dim3.of(Dim3.blocks(rowsA, TILE)), block, 0,
                    common(KernelArgs.create().i32(0), rowsA, rowsB, d, za, zb, invTau, negWeights, anchorWeights,
                            posShift, excludeSelf, lossScale).ptr(lse).ptr(gradA));
            launcher.launch(FAMILY, "infonce_backward", Dim3.of(Dim3.blocks(rowsB, TILE)), block, 0,
                    common(KernelArgs.create().i32(1), rowsA, rowsB, d, za, zb, invTau, negWeights, anchorWeights,
                            posShift, excludeSelf, lossScale).ptr(lse).ptr(gradB));
        } finally {
            launcher.release(lse);
        }
    }

    private static KernelArgs common(KernelArgs args, int rowsA, int rowsB, int d, DeviceBuffer za, DeviceBuffer zb,
                                     float invTau, DeviceBuffer negWeights, DeviceBuffer anchorWeights, int posShift,
                                     boolean excludeSelf, float lossScale) {
        return args.i32(rowsA).i32(rowsB).i32(d).ptr(za).ptr(zb).f32(invTau).ptr(negWeights).ptr(anchorWeights)
                .i32(posShift).flag(excludeSelf).f32(lossScale);
    }

    private static void checkD(int d) {
        if (d < 1 || d > MAX_D) {
            throw new IllegalArgumentException("cuda infonce: embedding width " + d + " is outside [1, " + MAX_D + "]");
        }
    }
}
