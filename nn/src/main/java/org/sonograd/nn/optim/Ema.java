package org.sonograd.nn.optim;

import java.util.Arrays;
import java.util.Map;
import org.sonograd.autograd.GradMode;
import org.sonograd.kernels.Shapes;
import org.sonograd.nn.Module;
import org.sonograd.nn.Parameter;
import org.sonograd.tensor.MemoryScope;
import org.sonograd.tensor.Tensor;

/**
 * The exponential moving average of a module's parameters, as DINO's and MoCo's teacher:
 * θ_teacher = m·θ_teacher + (1 − m)·θ_student, parameter by parameter (matched by name). Buffers are
 * not averaged, as in DINO's code (the teacher keeps its own running statistics).
 */
public final class Ema {
    private Ema() {}

    /** One EMA update of {@code teacher} towards {@code student} with momentum m ∈ [0, 1]. */
    public static void update(Module teacher, Module student, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("Ema.update: momentum must lie in [0, 1], got " + momentum);
        }
        Map<String, Parameter> t = teacher.namedParameters();
        Map<String, Parameter> s = student.namedParameters();
        if (!t.keySet().equals(s.keySet())) {
            throw new IllegalArgumentException("Ema.update: teacher and student parameters differ: teacher has "
                    + t.size() + " (" + firstDifference(t, s) + "), student has " + s.size());
        }
        try (GradMode off = GradMode.off()) {
            for (Map.Entry<String, Parameter> e : t.entrySet()) {
                Tensor teacherValue = e.getValue().tensor();
                Tensor studentValue = s.get(e.getKey()).tensor();
                if (!Arrays.equals(teacherValue.shape(), studentValue.shape())) {
                    throw new IllegalArgumentException("Ema.update: '" + e.getKey() + "' is " + Shapes.format(teacherValue.shape())
                            + " in the teacher and " + Shapes.format(studentValue.shape()) + " in the student");
                }
                try (MemoryScope temporaries = MemoryScope.open()) {
                    teacherValue.assign(teacherValue.mul(momentum).add(studentValue.mul(1 - momentum)));
                }
            }
        }
    }

    private static String firstDifference(Map<String, Parameter> t, Map<String, Parameter> s) {
        for (String k : t.keySet()) {
            if (!s.containsKey(k)) {
                return "'" + k + "' only in the teacher";
            }
        }
        for (String k : s.keySet()) {
            if (!t.containsKey(k)) {
                return "'" + k + "' only in the student";
            }
        }
        throw new IllegalStateException("unreachable: the name sets differ");
    }
}
