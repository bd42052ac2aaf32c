package org.sonograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;

/** Views share storage and present the right elements; reshape copies only when it must. */
class ViewsTest {
    private static Tensor range(long... shape) {
        return Tensor.arange(DType.F32, org.sonograd.kernels.Shapes.numel(shape)).reshape(shape);
    }

    @Test
    void permuteAndTransposeAreViewsWithSwappedStrides() {
        Tensor x = range(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertTrue(p.sharesStorageWith(x));
        assertArrayEquals(new long[] {4, 2, 3}, p.shape());
        assertArrayEquals(new long[] {1, 12, 4}, p.strides());
        assertEquals(x.getDouble(1, 2, 3), p.getDouble(3, 1, 2));
        assertFalse(p.isContiguous());
        assertEquals(x.getDouble(0, 2, 1), x.transpose(0, 2).getDouble(1, 2, 0));
    }

    @Test
    void sliceWithStepAndNegativeBounds() {
        Tensor x = range(10);
        assertArrayEquals(new float[] {2, 5, 8}, x.slice(0, 2, 10, 3).toFloatArray());
        assertArrayEquals(new float[] {7, 8}, x.slice(0, -3, -1, 1).toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6, 7}, range(3, 4).select(0, 1).toFloatArray());
        assertArrayEquals(new float[] {1, 5, 9}, range(3, 4).select(1, -3).toFloatArray());
    }

    @Test
    void reshapeIsAViewWhenStridesAllowAndACopyOtherwise() {
        Tensor x = range(2, 3, 4);
        Tensor merged = x.reshape(6, 4);
        assertTrue(merged.sharesStorageWith(x));
        // Transposed (4,3) of a (3,4) slab can split its first dim without copying...
        Tensor t = x.select(0, 1).transpose(0, 1);
        Tensor split = t.reshape(2, 2, 3);
        assertTrue(split.sharesStorageWith(x));
        assertArrayEquals(t.toFloatArray(), split.toFloatArray());
        // ...but flattening it needs a copy.
        Tensor flat = t.reshape(-1);
        assertFalse(flat.sharesStorageWith(x));
        assertArrayEquals(new float[] {12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23}, flat.toFloatArray());
    }

    @Test
    void expandUnsqueezeSqueezeAndSplit() {
        Tensor col = range(3, 1);
        Tensor e = col.expand(2, 3, 4);
        assertArrayEquals(new long[] {0, 1, 0}, e.strides());
        assertEquals(2.0, e.getDouble(1, 2, 3));
        assertArrayEquals(new long[] {1, 3, 1}, col.unsqueeze(0).shape());
        assertArrayEquals(new long[] {3}, col.squeeze(1).shape());
        var pieces = range(7, 2).split(3, 0);
        assertEquals(3, pieces.size());
        assertArrayEquals(new long[] {1, 2}, pieces.get(2).shape());
        assertArrayEquals(new float[] {12, 13}, pieces.get(2).toFloatArray());
    }

    @Test
    void errorsNameTheOpTheShapesAndTheRule() {
        Tensor x = range(2, 3);
        var e1 = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertEquals("reshape: [2,3] -> [4,2]: element counts differ (6 vs 8)", e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> x.permute(0));
        assertTrue(e2.getMessage().startsWith("permute:"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> x.squeeze(1));
        assertEquals("squeeze: dim 1 of shape [2,3] has size 3, not 1", e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> x.expand(2, 4));
        assertTrue(e4.getMessage().contains("cannot expand shape [2,3] to [2,4]"), e4.getMessage());
    }

    @Test
    void toStringLooksLikePyTorch() {
        assertEquals("tensor([[0.0000, 1.0000],\n        [2.0000, 3.0000]], shape=[2,2], dtype=F32)", range(2, 2).toString());
        assertEquals("tensor([True, False], shape=[2], dtype=BOOL)",
                Tensor.ofBooleans(new boolean[] {true, false}).toString());
    }
}
