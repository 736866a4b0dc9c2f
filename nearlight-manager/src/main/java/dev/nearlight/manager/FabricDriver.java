package dev.nearlight.manager;

import java.util.function.Consumer;

/**
 * Southbound seam to the switches: binds a device endpoint to a host endpoint and reports faults. The digital twin
 * implements it; a vendor switch driver (e.g. over a CXL Fabric Manager API) would implement the same contract.
 */
public interface FabricDriver {
    /**
     * Binds a device to a host; blocks until the switch has applied it.
     *
     * @throws DriverException if the switch refused or the path is down
     */
    void bind(Inventory.Block host, Inventory.Block device);

    /** Releases a binding; never fails (a vanished device is already unbound). */
    void unbind(Inventory.Block host, Inventory.Block device);

    /** Registers the listener that receives faults the driver detects. */
    void onFault(Consumer<Fault> listener);

    /**
     * A fault on one switch port.
     *
     * @param fabric PCIe or CXL
     * @param switchId switch id
     * @param portId port id
     * @param kind LinkDown, PortFailure or DeviceRemoval; null when cleared
     */
    record Fault(String fabric, String switchId, String portId, String kind) {}

    /** A binding the switch could not apply. */
    final class DriverException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with a one-line reason. */
        public DriverException(String message) {
            super(message, null, false, false);
        }
    }
}
