package org.sonograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.PhiloxKernels;

class RandomStreamTest {

    @Test
    void consecutiveDrawsUseDisjointCountersAndResumeExactly() {
        RandomStream a = new RandomStream(5);
        float[] first = a.uniform(DType.F32, 0, 1, 10).toFloatArray();
        long resumeAt = a.offset();
        assertEquals(3, resumeAt, "10 F32 uniforms take 3 Philox blocks of 4 words");
        float[] second = a.uniform(DType.F32, 0, 1, 10).toFloatArray();
        assertFalse(Arrays.equals(first, second));
        assertArrayEquals(second, new RandomStream(5, resumeAt).uniform(DType.F32, 0, 1, 10).toFloatArray());
    }

    @Test
    void drawsEqualTheKernelAtTheStreamOffset() {
        RandomStream s = new RandomStream(11);
        s.normal(DType.F64, 0, 1, 3);
        Tensor drawn = s.normal(DType.F64, 2, 0.5, 5);
        Tensor direct = Tensor.empty(DType.F64, 5);
        PhiloxKernels.normal(11, PhiloxKernels.blocksForUniformOrNormal(DType.F64, 3), direct.storage().segment(),
                DType.F64, 5, 2, 0.5);
        assertArrayEquals(direct.toDoubleArray(), drawn.toDoubleArray());
    }
}
