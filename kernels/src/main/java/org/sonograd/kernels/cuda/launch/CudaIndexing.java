package org.sonograd.kernels.cuda.launch;

/**
 * embedding.cu: gather, scatter-add, index-select (embedding lookup) and index-add (embedding
 * backward) on contiguous F32 tensors with I64 indices, each viewed as outer × size × inner around
 * the indexed dimension. The scatters are deterministic: one thread per output walks its sources in
 * order. Grid-stride, block 256. An index out of range fails the launch.
 */
public final class CudaIndexing {
    static final String FAMILY = "embedding";
    static final int THREADS = 256;

    private final KernelLauncher launcher;

    public CudaIndexing(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** out[a, k, b] = x[a, index[a, k, b], b]; x is outer × xSize × inner, index and out outer × size × inner. */
    public void gather(long outer, long size, long inner, long xSize, DeviceBuffer x, DeviceBuffer index, DeviceBuffer out) {
        launch("gather_f32", outer * size * inner, KernelArgs.create().i64(outer).i64(size).i64(inner).i64(xSize).ptr(x)
                .ptr(index).ptr(out));
    }

    /** out[a, index[a, k, b], b] += src[a, k, b]; src and index are outer × size × inner, out outer × outSize × inner. */
    public void scatterAdd(long outer, long size, long inner, long outSize, DeviceBuffer index, DeviceBuffer src,
                           DeviceBuffer out) {
        launch("scatter_add_f32", outer * outSize * inner, KernelArgs.create().i64(outer).i64(size).i64(inner)
                .i64(outSize).ptr(index).ptr(src).ptr(out));
    }

    /** out[a, k, b] = x[a, index[k], b] (index has {@code size} entries). */
    public void indexSelect(long outer, long size, long inner, long xSize, DeviceBuffer x, DeviceBuffer index,
                            DeviceBuffer out) {
        launch("index_select_f32", outer * size * inner, KernelArgs.create().i64(outer).i64(size).i64(inner).i64(xSize)
                .ptr(x).ptr(index).ptr(out));
    }

    /** out[a, index[k], b] += src[a, k, b]. */
    public void indexAdd(long outer, long size, long inner, long outSize, DeviceBuffer index, DeviceBuffer src,
                         DeviceBuffer out) {
        launch("index_add_f32", outer * outSize * inner, KernelArgs.create().i64(outer).i64(size).i64(inner)
                .i64(outSize).ptr(index).ptr(src).ptr(out));
    }

    /** The rows of the V × dim {@code table} named by {@code ids} (n entries) into out (n × dim). */
    public void embedding(long n, long dim, long vocabulary, DeviceBuffer table, DeviceBuffer ids, DeviceBuffer out) {
        indexSelect(1, n, dim, vocabulary, table, ids, out);
    }

    /** dTable (V × dim) += the rows of dOut (n × dim) at their ids, in id order per row. */
    public void embeddingBackward(long n, long dim, long vocabulary, DeviceBuffer ids, DeviceBuffer dOut, DeviceBuffer dTable) {
        indexAdd(1, n, dim, vocabulary, ids, dOut, dTable);
    }

    private void launch(String kernel, long work, KernelArgs args) {
        if (work > 0) {
            launcher.launch(FAMILY, kernel, Dim3.of(CudaElementwise.grid(work)), Dim3.of(THREADS), 0, args);
        }
    }
}
