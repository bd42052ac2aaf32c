package org.sonograd.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Plain-loop optimiser updates over n contiguous elements, the reference of {@link OptimizerKernels}.
 * F32 elements are computed in float with every hyper-parameter rounded to float first, in the
 * order of PyTorch's (and the unfused tensor-op) update, so the fast kernel can match it bit for bit.
 */
public final class OptimizerReference {
    private OptimizerReference() {}

    /** In-place SGD update of theta (and buffer, when momentum ≠ 0) from grad. */
    public static void sgd(DType dtype, long n, MemorySegment theta, MemorySegment grad, MemorySegment buffer,
                           OptimizerStep.Sgd s) {
        for (long i = 0; i < n; i++) {
            if (dtype == DType.F32) {
                float t = theta.getAtIndex(Elements.F32, i);
                float d = grad.getAtIndex(Elements.F32, i);
                if (s.weightDecay() != 0) {
                    d = d + t * (float) s.weightDecay();
                }
                if (s.momentum() != 0) {
                    float b = s.firstStep() ? d
                            : buffer.getAtIndex(Elements.F32, i) * (float) s.momentum() + d * (float) (1 - s.dampening());
                    buffer.setAtIndex(Elements.F32, i, b);
                    d = s.nesterov() ? d + b * (float) s.momentum() : b;
                }
                theta.setAtIndex(Elements.F32, i, t - d * (float) s.lr());
            } else {
                double t = theta.getAtIndex(Elements.F64, i);
                double d = grad.getAtIndex(Elements.F64, i);
                if (s.weightDecay() != 0) {
                    d = d + t * s.weightDecay();
                }
                if (s.momentum() != 0) {
                    double b = s.firstStep() ? d
                            : buffer.getAtIndex(Elements.F64, i) * s.momentum() + d * (1 - s.dampening());
                    buffer.setAtIndex(Elements.F64, i, b);
                    d = s.nesterov() ? d + b * s.momentum() : b;
                }
                theta.setAtIndex(Elements.F64, i, t - d * s.lr());
            }
        }
    }

    /** In-place Adam/AdamW update of theta, m and v from grad. */
    public static void adam(DType dtype, long n, MemorySegment theta, MemorySegment grad, MemorySegment m,
                            MemorySegment v, OptimizerStep.Adam s) {
        double bc1 = 1 - Math.pow(s.beta1(), s.step());
        double bc2Sqrt = Math.sqrt(1 - Math.pow(s.beta2(), s.step()));
        double stepSize = s.lr() / bc1;
        for (long i = 0; i < n; i++) {
            if (dtype == DType.F32) {
                float t = theta.getAtIndex(Elements.F32, i);
                float g = grad.getAtIndex(Elements.F32, i);
                if (s.weightDecay() != 0) {
                    if (s.decoupled()) {
                        t = t * (float) (1 - s.lr() * s.weightDecay());
                    } else {
                        g = g + t * (float) s.weightDecay();
                    }
                }
                float mi = m.getAtIndex(Elements.F32, i) * (float) s.beta1() + g * (float) (1 - s.beta1());
                float vi = v.getAtIndex(Elements.F32, i) * (float) s.beta2() + g * g * (float) (1 - s.beta2());
                m.setAtIndex(Elements.F32, i, mi);
                v.setAtIndex(Elements.F32, i, vi);
                float denominator = (float) Math.sqrt(vi) / (float) bc2Sqrt + (float) s.eps();
                theta.setAtIndex(Elements.F32, i, t - mi / denominator * (float) stepSize);
            } else {
                double t = theta.getAtIndex(Elements.F64, i);
                double g = grad.getAtIndex(Elements.F64, i);
                if (s.weightDecay() != 0) {
                    if (s.decoupled()) {
                        t = t * (1 - s.lr() * s.weightDecay());
                    } else {
                        g = g + t * s.weightDecay();
                    }
                }
                double mi = m.getAtIndex(Elements.F64, i) * s.beta1() + g * (1 - s.beta1());
                double vi = v.getAtIndex(Elements.F64, i) * s.beta2() + g * g * (1 - s.beta2());
                m.setAtIndex(Elements.F64, i, mi);
                v.setAtIndex(Elements.F64, i, vi);
                double denominator = Math.sqrt(vi) / bc2Sqrt + s.eps();
                theta.setAtIndex(Elements.F64, i, t - mi / denominator * stepSize);
            }
        }
    }
}
