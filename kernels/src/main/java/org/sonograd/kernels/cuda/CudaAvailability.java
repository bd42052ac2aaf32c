package org.sonograd.kernels.cuda;

/**
 * Whether the CUDA backend can run here, and if not, why: the driver library is missing, there is no
 * device, the driver is too old for the kernels, or the kernels were not built.
 *
 * @param available true when a device can be opened and the kernels loaded
 * @param reason why the backend is unavailable (empty when available)
 * @param description the devices found and the driver version (empty when unavailable)
 */
public record CudaAvailability(boolean available, String reason, String description) {
    static CudaAvailability unavailable(String reason) {
        return new CudaAvailability(false, reason, "");
    }

    @Override
    public String toString() {
        return available ? "available: " + description : "unavailable: " + reason;
    }
}
