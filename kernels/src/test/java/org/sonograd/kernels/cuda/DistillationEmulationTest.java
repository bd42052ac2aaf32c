package org.sonograd.kernels.cuda;

import static org.sonograd.kernels.cuda.Close.assertClose;
import static org.sonograd.kernels.cuda.Close.widen;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;
import org.sonograd.kernels.cuda.launch.CudaDistillation;
import org.sonograd.kernels.DistillationReference;

/** distillation.cu under emulation against {@link DistillationReference}: soft and hard targets, centre update. */
class DistillationEmulationTest {
    @Test
    void softTargetsCentredAndSharpened() {
        Random random = new Random(31);
        int[][] shapes = {{1, 1}, {3, 17}, {17, 65}, {5, 1000}};
        for (int[] s : shapes) {
            check(random, 0, s[0], s[1], true);
        }
        check(random, 0, 4, 33, false);
    }

    @Test
    void hardTargets() {
        Random random = new Random(32);
        check(random, 1, 1, 1, false);
        check(random, 1, 17, 33, false);
        check(random, 1, 3, 513, false);
    }

    private static void check(Random random, int kind, int b, int k, boolean centred) {
        double tauS = 0.1;
        double tauT = 0.04;
        double momentum = 0.9;
        float[] student = Close.uniform(random, b * k, -3, 3);
        float[] teacher = Close.uniform(random, b * k, -3, 3);
        float[] center = Close.uniform(random, k, -0.5, 0.5);
        int[] targets = new int[b];
        for (int i = 0; i < b; i++) {
            targets[i] = random.nextInt(k);
        }
        EmulatedCuda.Outputs out;
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            CudaDistillation distillation = new CudaDistillation(s.launcher());
            DeviceBuffer loss = s.allocate(1);
            DeviceBuffer grad = s.allocate(b * k);
            DeviceBuffer teacherRows = s.upload(teacher);
            DeviceBuffer centre = s.upload(center);
            if (kind == 0) {
                distillation.soft(b, k, s.upload(student), teacherRows, centred ? centre : null, (float) (1 / tauS),
                        (float) (1 / tauT), loss, grad);
            } else {
                distillation.hard(b, k, s.upload(student), s.upload(targets), (float) (1 / tauS), loss, grad);
            }
            distillation.updateCenter(b, k, teacherRows, (float) momentum, centre);
            out = s.outputs(loss, grad, centre);
        }
        DistillationReference.Result ref = kind == 0
                ? DistillationReference.soft(widen(student), widen(teacher), centred ? widen(center) : null, b, k, tauS, tauT)
                : DistillationReference.hard(widen(student), targets, b, k, tauS);
        String what = (kind == 0 ? "soft" : "hard") + " distillation " + b + "×" + k;
        assertClose(what + " loss", ref.loss(), out.scalar(), 1e-5, 1e-4);
        assertClose(what + " grad", ref.studentGrad(), out.floats(b * k), 1e-5, 1e-4);
        assertClose(what + " centre", DistillationReference.updatedCenter(widen(center), widen(teacher), b, k, momentum),
                out.floats(k), 1e-6, 1e-5);
        out.assertConsumed();
    }
}
