package org.sonograd.tensor;

/** The one-device rule of ops: all operands on one device, or an error naming the op and the devices. */
final class DeviceChecks {
    private DeviceChecks() {}

    /** The common device of the operands of {@code op}. */
    static Device same(String op, Tensor... operands) {
        Device device = operands[0].device();
        for (Tensor t : operands) {
            if (t.device() != device) {
                StringBuilder devices = new StringBuilder();
                for (Tensor u : operands) {
                    devices.append(devices.isEmpty() ? "" : " and ").append(u.device().label());
                }
                throw new IllegalArgumentException(op + ": operands are on different devices (" + devices
                        + "); move them to one device with .to(Device.CPU) or .to(Device.CUDA)");
            }
        }
        return device;
    }
}
