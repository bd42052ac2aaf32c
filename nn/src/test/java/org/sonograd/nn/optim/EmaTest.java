package org.sonograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.DType;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.Tensor;

class EmaTest {
    @Test
    void teacherMovesTowardsTheStudentByOneMinusMomentum() {
        try (Quadratic teacher = new Quadratic(DType.F64); Quadratic student = new Quadratic(DType.F64)) {
            student.w.tensor().assign(Tensor.full(DType.F64, 2.0, 2, 3));
            student.b.tensor().assign(Tensor.full(DType.F64, -1.0, 3));
            Ema.update(teacher, student, 0.9);
            double[] w = teacher.w.tensor().toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                assertEquals(0.9 * Quadratic.W0[i] + 0.1 * 2.0, w[i], 1e-15);
            }
            Ema.update(teacher, student, 1.0);
            assertArrayEquals(w, teacher.w.tensor().toDoubleArray(), "momentum 1 keeps the teacher");
            Ema.update(teacher, student, 0.0);
            assertArrayEquals(student.b.tensor().toDoubleArray(), teacher.b.tensor().toDoubleArray(), "momentum 0 copies");
            assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, student.w.tensor().toDoubleArray(), "student untouched");
        }
    }

    @Test
    void mismatchedModulesAreRejected() {
        Module other = new Module() {
            final Parameter w = addParameter("w", Tensor.zeros(DType.F64, 2, 3));

            @Override
            public Var forward(Var input) {
                return input;
            }
        };
        try (Quadratic teacher = new Quadratic(DType.F64); other) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ema.update(teacher, other, 0.9)).getMessage();
            assertEquals(true, message.contains("'b' only in the teacher"), message);
            assertThrows(IllegalArgumentException.class, () -> Ema.update(teacher, teacher, 1.5));
        }
    }
}
