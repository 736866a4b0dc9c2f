package dev.nearlight.manager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Digital twin of the PCIe/CXL switches: applies bindings after a configurable delay (a real switch reprograms its
 * routing tables and the host sees a hot-plug event in milliseconds) and lets an operator inject faults on ports.
 * A bind through a failed port is refused, which exercises the manager's all-or-nothing rollback.
 */
public final class DigitalTwinDriver implements FabricDriver {
    private final Duration bindDelay;
    private final Inventory inventory;
    private final Map<String, String> faults = new ConcurrentHashMap<>();
    private final List<Consumer<Fault>> listeners = new CopyOnWriteArrayList<>();

    /** Creates a twin of the inventory's switches whose binds take {@code bindDelay} each (zero for load tests). */
    public DigitalTwinDriver(Duration bindDelay, Inventory inventory) {
        this.inventory = inventory;
        if (bindDelay.isNegative()) {
            throw new IllegalArgumentException("bindDelay must not be negative: " + bindDelay);
        }
        this.bindDelay = bindDelay;
    }

    private static String key(String fabric, String sw, String port) {
        return fabric + "/" + sw + "/" + port;
    }

    @Override
    public void bind(Inventory.Block host, Inventory.Block device) {
        if (!bindDelay.isZero()) {
            LockSupport.parkNanos(bindDelay.toNanos());
        }
        List<Inventory.PortRef> path = inventory.path(host, device);
        if (path.isEmpty()) {
            throw new DriverException("no fabric path from " + host.id() + " to " + device.id());
        }
        for (Inventory.PortRef p : path) {
            String f = faults.get(key("PCIe", p.switchId(), p.portId()));
            if (f == null) {
                f = faults.get(key("CXL", p.switchId(), p.portId()));
            }
            if (f != null) {
                throw new DriverException("port " + p.switchId() + "/" + p.portId() + " is " + f);
            }
        }
    }

    @Override
    public void unbind(Inventory.Block host, Inventory.Block device) {
        if (!bindDelay.isZero()) {
            LockSupport.parkNanos(bindDelay.toNanos());
        }
    }

    @Override
    public void onFault(Consumer<Fault> listener) {
        listeners.add(listener);
    }

    /** Sets the twin's port state without notifying (used when restoring persisted faults at start-up). */
    public void restore(String fabric, String sw, String port, String kind) {
        faults.put(key(fabric, sw, port), kind);
    }

    /** Injects a fault (LinkDown, PortFailure, DeviceRemoval) or clears it (kind null) and notifies listeners. */
    public void inject(String fabric, String sw, String port, String kind) {
        if (kind == null) {
            faults.remove(key(fabric, sw, port));
        } else {
            faults.put(key(fabric, sw, port), kind);
        }
        Fault fault = new Fault(fabric, sw, port, kind);
        listeners.forEach(l -> l.accept(fault));
    }
}
