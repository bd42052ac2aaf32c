package org.sonograd.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.IndexReference;
import org.sonograd.kernels.Operand;
import org.sonograd.kernels.cuda.launch.CudaIndexing;
import org.sonograd.kernels.cuda.launch.DeviceBuffer;

/**
 * embedding.cu through {@link CudaIndexing} under emulation against {@link IndexReference}, bit for
 * bit (the deterministic scatter adds in the reference's order): gather and scatter-add along the
 * first, middle and last dimension with repeated indices, the embedding lookup (index-select) and
 * its backward (index-add, checked as a scatter-add of the broadcast ids), and an out-of-range index.
 */
class IndexingEmulationTest {
    @Test
    void gatherAndScatterAddAlongEveryDimension() {
        Random random = new Random(81);
        long[] shape = {3, 5, 4};
        for (int dim = 0; dim < 3; dim++) {
            long size = shape[dim];
            long other = dim == 1 ? 7 : 2;  // the x/out size along dim differs from the index's
            long[] big = shape.clone();
            big[dim] = other;
            long outer = 1;
            long inner = 1;
            for (int a = 0; a < dim; a++) {
                outer *= shape[a];
            }
            for (int a = dim + 1; a < 3; a++) {
                inner *= shape[a];
            }
            int n = (int) (outer * size * inner);
            int m = (int) (outer * other * inner);
            long[] index = new long[n];
            for (int i = 0; i < n; i++) {
                index[i] = random.nextInt((int) other);  // with repeats
            }
            float[] x = Close.uniform(random, m, -1, 1);
            float[] src = Close.uniform(random, n, -1, 1);
            float[] base = Close.uniform(random, m, -1, 1);
            try (EmulatedCuda.Session s = EmulatedCuda.session(); Arena arena = Arena.ofShared()) {
                CudaIndexing indexing = new CudaIndexing(s.launcher());
                DeviceBuffer idx = s.upload(index);
                DeviceBuffer gathered = s.allocate(n);
                indexing.gather(outer, size, inner, other, s.upload(x), idx, gathered);
                DeviceBuffer scattered = s.upload(base);
                indexing.scatterAdd(outer, size, inner, other, idx, s.upload(src), scattered);

                MemorySegment xh = arena.allocateFrom(JAVA_FLOAT, x);
                MemorySegment ih = arena.allocateFrom(JAVA_LONG, index);
                MemorySegment gh = arena.allocate(JAVA_FLOAT, n);
                IndexReference.gather(shape, dim, Operand.contiguous(xh, DType.F32, 0, big), other,
                        Operand.contiguous(ih, DType.I64, 0, shape), Operand.contiguous(gh, DType.F32, 0, shape));
                assertArrayEquals(gh.toArray(JAVA_FLOAT), s.floats(gathered), "gather along " + dim);

                MemorySegment sh = arena.allocateFrom(JAVA_FLOAT, src);
                MemorySegment oh = arena.allocateFrom(JAVA_FLOAT, base);
                IndexReference.scatterAdd(shape, dim, Operand.contiguous(ih, DType.I64, 0, shape),
                        Operand.contiguous(sh, DType.F32, 0, shape), Operand.contiguous(oh, DType.F32, 0, big), other);
                assertArrayEquals(oh.toArray(JAVA_FLOAT), s.floats(scattered), "scatter-add along " + dim);
            }
        }
    }

    @Test
    void embeddingLookupAndBackward() {
        Random random = new Random(82);
        int vocabulary = 11;
        int dim = 37;
        int n = 29;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocabulary);
        }
        ids[3] = ids[7];
        float[] table = Close.uniform(random, vocabulary * dim, -1, 1);
        float[] dOut = Close.uniform(random, n * dim, -1, 1);
        try (EmulatedCuda.Session s = EmulatedCuda.session(); Arena arena = Arena.ofShared()) {
            CudaIndexing indexing = new CudaIndexing(s.launcher());
            DeviceBuffer idx = s.upload(ids);
            DeviceBuffer rows = s.allocate((long) n * dim);
            indexing.embedding(n, dim, vocabulary, s.upload(table), idx, rows);
            DeviceBuffer dTable = s.upload(new float[vocabulary * dim]);
            indexing.embeddingBackward(n, dim, vocabulary, idx, s.upload(dOut), dTable);

            MemorySegment th = arena.allocateFrom(JAVA_FLOAT, table);
            MemorySegment ih = arena.allocateFrom(JAVA_LONG, ids);
            MemorySegment rh = arena.allocate(JAVA_FLOAT, (long) n * dim);
            long[] outShape = {n, dim};
            long[] tableShape = {vocabulary, dim};
            IndexReference.indexSelect(outShape, 0, Operand.contiguous(th, DType.F32, 0, tableShape), vocabulary,
                    Operand.contiguous(ih, DType.I64, 0, new long[] {n}), Operand.contiguous(rh, DType.F32, 0, outShape));
            assertArrayEquals(rh.toArray(JAVA_FLOAT), s.floats(rows), "embedding lookup");

            long[] broadcastIds = new long[n * dim];
            for (int i = 0; i < n * dim; i++) {
                broadcastIds[i] = ids[i / dim];
            }
            MemorySegment gh = arena.allocate(JAVA_FLOAT, (long) vocabulary * dim);
            IndexReference.scatterAdd(outShape, 0, Operand.contiguous(arena.allocateFrom(JAVA_LONG, broadcastIds), DType.I64, 0,
                    outShape), Operand.contiguous(arena.allocateFrom(JAVA_FLOAT, dOut), DType.F32, 0, outShape),
                    Operand.contiguous(gh, DType.F32, 0, tableShape), vocabulary);
            assertArrayEquals(gh.toArray(JAVA_FLOAT), s.floats(dTable), "embedding backward");
        }
    }

    @Test
    void anIndexOutOfRangeFailsTheLaunch() {
        try (EmulatedCuda.Session s = EmulatedCuda.session()) {
            DeviceBuffer out = s.allocate(4);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CudaIndexing(s.launcher())
                    .embedding(2, 2, 3, s.upload(new float[6]), s.upload(new long[] {1, 3}), out));
            assertTrue(e.getMessage().contains("index_select_f32") && e.getMessage().contains("__trap"), e.getMessage());
        }
    }
}
