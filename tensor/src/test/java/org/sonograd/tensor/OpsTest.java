package org.sonograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.BinaryOp;
import org.sonograd.kernels.DType;

/** Tensor-level dispatch: broadcasting, promotion, dims handling and matmul, against hand-computed values and plain loops. */
class OpsTest {

    @Test
    void broadcastingAddAndItsError() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30});
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(b).toFloatArray());
        Tensor c = Tensor.of(new float[] {100, 200}, 2, 1);
        assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, a.add(c).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.of(new float[] {1, 2})));
        assertEquals("add: shapes [2,3] and [2] do not broadcast: dim 1 has sizes 3 and 2 (must be equal or 1)", e.getMessage());
    }

    @Test
    void promotionAndComparisons() {
        Tensor f = Tensor.of(new float[] {1, 2});
        Tensor d = Tensor.of(new double[] {0.5, 0.25});
        assertEquals(DType.F64, f.mul(d).dtype());
        Tensor mask = f.compare(BinaryOp.GT, 1.5);
        assertEquals(DType.BOOL, mask.dtype());
        assertArrayEquals(new long[] {0, 1}, mask.toLongArray());
        assertArrayEquals(new float[] {1, -1}, f.maskedFill(mask, -1).toFloatArray());
    }

    @Test
    void reductionsOverDims() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(new int[] {0}, false).toDoubleArray());
        assertArrayEquals(new long[] {2, 1}, x.sum(new int[] {-1}, true).shape());
        assertEquals(21, x.sum().item());
        assertEquals(3.5, x.mean().item());
        assertArrayEquals(new double[] {3, 6}, x.max(new int[] {1}, false).toDoubleArray());
        assertArrayEquals(new long[] {2, 2}, x.argmax(1, false).toLongArray());
        // Sample variance of {1,2,3} and {4,5,6} is 1.
        assertArrayEquals(new double[] {1, 1}, x.variance(new int[] {1}, 1, false).toDoubleArray(), 1e-12);
    }

    @Test
    void softmaxAlongAMiddleDim() {
        Tensor x = Tensor.of(new double[] {0, Math.log(3), 1, 1}, 2, 2).unsqueeze(0); // [1,2,2]
        Tensor s = x.softmax(1);
        // column 0: softmax(0, 1) ; column 1: softmax(ln 3, 1)
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (1 + e), 3 / (3 + e), e / (1 + e), e / (3 + e)}, s.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {Math.log(4), 1 + Math.log(2)},
                Tensor.of(new double[] {0, Math.log(3), 1, 1}, 2, 2).logSumExp(1, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new long[] {1, 2}, x.logSumExp(1, false).shape());
    }

    @Test
    void matmulMatchesPlainLoopsForTransposedAndBatchedOperands() {
        RandomStream rng = new RandomStream(3);
        Tensor a = rng.normal(DType.F64, 0, 1, 3, 5, 4);      // batch 3, 5x4
        Tensor bT = rng.normal(DType.F64, 0, 1, 6, 4);        // used transposed: 4x6, broadcast over batch
        Tensor out = a.matmul(bT.transpose(0, 1));
        assertArrayEquals(new long[] {3, 5, 6}, out.shape());
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 6; j++) {
                    double expected = 0;
                    for (int k = 0; k < 4; k++) {
                        expected += a.getDouble(n, i, k) * bT.getDouble(j, k);
                    }
                    assertEquals(expected, out.getDouble(n, i, j), 1e-12);
                }
            }
        }
        Tensor v = Tensor.of(new double[] {1, 2, 3, 4});
        assertArrayEquals(new long[] {3, 5}, a.matmul(v).shape());
        assertEquals(30.0, v.matmul(v).item());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.F32, 2, 3).matmul(Tensor.zeros(DType.F32, 4, 5)));
        assertEquals("matmul: [2,3] @ [4,5]: inner dims 3 != 4", e.getMessage());
    }

    @Test
    void indexingAndLayout() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = Tensor.ofLongs(new long[] {2, 0, 1, 1}, 2, 2);
        assertArrayEquals(new float[] {3, 1, 5, 5}, x.gather(1, idx).toFloatArray());
        assertArrayEquals(new float[] {3, 1, 6, 4}, x.indexSelect(1, Tensor.ofLongs(new long[] {2, 0})).toFloatArray());
        Tensor added = Tensor.zeros(DType.F32, 2, 3).scatterAdd(1, idx, Tensor.ones(DType.F32, 2, 2));
        assertArrayEquals(new float[] {1, 0, 1, 0, 2, 0}, added.toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, Tensor.cat(List.of(x, x), 0).toFloatArray());
        assertArrayEquals(new long[] {2, 2, 3}, Tensor.stack(List.of(x, x), 1).shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, x.transpose(0, 1).contiguous().toFloatArray());
        Tensor cond = Tensor.ofBooleans(new boolean[] {true, false, true});
        assertArrayEquals(new float[] {1, 0, 3, 4, 0, 6}, Tensor.where(cond, x, Tensor.zeros(DType.F32)).toFloatArray());
    }
}
