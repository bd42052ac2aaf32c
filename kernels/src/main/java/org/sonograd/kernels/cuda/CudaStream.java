package org.sonograd.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/** A CUDA stream: launches on one stream run in order; {@link #synchronize()} waits for them. */
public final class CudaStream implements AutoCloseable {
    private final CUstream stream = new CUstream();

    CudaStream() {
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
    }

    CUstream handle() {
        return stream;
    }

    /** Blocks until every launch and copy queued on this stream has finished. */
    public void synchronize() {
        cuStreamSynchronize(stream);
    }

    @Override
    public void close() {
        cuStreamDestroy(stream);
    }
}
