package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY: switch and link counts of a non-blocking rail-optimized fat tree, until the fabric module supplies a
 * {@link FabricInventory}. One NIC port per GPU; each leaf uses half its ports for NICs (of different nodes, one rail
 * each) and half as uplinks. Two tiers: {@code ceil(2N/k)} leaves and {@code ceil(N/k)} spines, at most k^2/2 GPUs.
 * Three tiers: {@code ceil(2N/k)} leaves, {@code ceil(2N/k)} spines and {@code ceil(N/k)} cores, at most k^3/4 GPUs.
 * Every tier has N links.
 */
public final class InterimFatTreeInventory {
    private InterimFatTreeInventory() {}

    /**
     * Counts for {@code gpus} GPUs.
     *
     * @param gpus GPUs (and NIC ports)
     * @param gpusPerNode GPUs per node
     * @param radix switch ports, even and &gt;= 4
     * @param tiers 2 or 3
     */
    public static FabricInventory of(int gpus, int gpusPerNode, int radix, int tiers) {
        if (gpus <= 0 || gpusPerNode <= 0 || gpus % gpusPerNode != 0) {
            throw new InputException(
                    "--gpus " + gpus + " must be a positive multiple of --gpus-per-node " + gpusPerNode);
        }
        if (radix < 4 || radix % 2 != 0 || radix > 4096) {
            throw new InputException("--switch-radix " + radix + " must be even, 4 to 4096");
        }
        if (tiers != 2 && tiers != 3) {
            throw new InputException("--tiers " + tiers + " not supported: use 2 or 3");
        }
        long capacity = tiers == 2 ? (long) radix * radix / 2 : (long) radix * radix * radix / 4;
        if (gpus > capacity) {
            String fix = tiers == 2 ? "use --tiers 3 or a larger --switch-radix" : "use a larger --switch-radix";
            throw new InputException("--gpus " + gpus + " exceeds a " + tiers + "-tier fat tree of radix " + radix
                    + " (at most " + capacity + "): " + fix);
        }
        int half = radix / 2;
        int leaves = ceilDiv(gpus, half);
        List<FabricInventory.SwitchTier> sw = new ArrayList<>();
        List<FabricInventory.LinkTier> links = new ArrayList<>();
        sw.add(new FabricInventory.SwitchTier("leaf", leaves, half));
        links.add(new FabricInventory.LinkTier("nic-leaf", gpus, true, 0));
        if (tiers == 2) {
            sw.add(new FabricInventory.SwitchTier("spine", ceilDiv(gpus, radix), 0));
            links.add(new FabricInventory.LinkTier("leaf-spine", gpus, false, 1));
        } else {
            sw.add(new FabricInventory.SwitchTier("spine", leaves, 0));
            sw.add(new FabricInventory.SwitchTier("core", ceilDiv(gpus, radix), 0));
            links.add(new FabricInventory.LinkTier("leaf-spine", gpus, false, 1));
            links.add(new FabricInventory.LinkTier("spine-core", gpus, false, 2));
        }
        return new FabricInventory(gpus, gpusPerNode, radix, sw, links);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
