package org.sonograd.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;

/**
 * A CUDA event: a marker recorded into a stream, for timing GPU work without stalling the host
 * between launches ({@link #elapsedMillis}) and for waiting on a point of a stream ({@link #synchronize}).
 * Never executed here (no GPU); see docs/cuda.md.
 */
public final class CudaEvent implements AutoCloseable {
    private final CUevent event = new CUevent();

    /** A timing-capable event in the current context. */
    public CudaEvent() {
        cuEventCreate(event, CUevent_flags.CU_EVENT_DEFAULT);
    }

    /** Records the event after everything queued so far on {@code stream} (null: the default stream, where launches go). */
    public void record(CudaStream stream) {
        cuEventRecord(event, stream == null ? null : stream.handle());
    }

    /** Blocks until the work before the event's last record has finished. */
    public void synchronize() {
        cuEventSynchronize(event);
    }

    /** GPU time in milliseconds between two recorded events (the later one must have completed). */
    public static float elapsedMillis(CudaEvent start, CudaEvent end) {
        float[] ms = new float[1];
        cuEventElapsedTime(ms, start.event, end.event);
        return ms[0];
    }

    @Override
    public void close() {
        cuEventDestroy(event);
    }
}
