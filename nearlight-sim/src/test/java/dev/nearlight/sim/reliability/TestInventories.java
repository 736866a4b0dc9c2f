package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built inventories of non-blocking rail-optimized fat trees for the reliability unit tests, so that the tests of
 * this package need no fabric build (the one BOM-to-inventory adapter is the cluster model's, tested in
 * nearlight-explore). Counts of N GPUs on k-port switches, half the ports down and half up: leaves 2N/k; two tiers:
 * N/k spines with every port down; three tiers: 2N/k spines and N/k cores; N links per tier; pluggable modules of the
 * defaults' {@code pluggable} preset at both ends; lengths are not used by the reliability model and are left 0.
 */
final class TestInventories {
    private TestInventories() {}

    /** The inventory at 1.6T ports. */
    static FabricInventory railFatTree(int gpus, int gpusPerNode, int radix, int tiers) {
        return railFatTree(gpus, gpusPerNode, radix, tiers, 1600);
    }

    /** The inventory at {@code rateGbps} ports. */
    static FabricInventory railFatTree(int gpus, int gpusPerNode, int radix, int tiers, double rateGbps) {
        int leaves = 2 * gpus / radix;
        long maxGpus = tiers == 2 ? (long) radix * radix / 2 : (long) radix * radix * radix / 4;
        if (gpus % (radix / 2) != 0 || gpus > maxGpus || tiers < 2 || tiers > 3) {
            throw new InputException(
                    "test inventory: " + gpus + " GPUs do not fit " + tiers + " tiers of radix " + radix);
        }
        String module = ReliabilityDefaults.load().technology("pluggable").catalogue();
        List<FabricInventory.SwitchTier> sw = new ArrayList<>();
        sw.add(FabricInventory.SwitchTier.withCages("leaf", leaves, radix, rateGbps, radix / 2));
        sw.add(FabricInventory.SwitchTier.withCages("spine", tiers == 2 ? gpus / radix : leaves, radix, rateGbps, 0));
        if (tiers == 3) {
            sw.add(FabricInventory.SwitchTier.withCages("core", gpus / radix, radix, rateGbps, 0));
        }
        List<FabricInventory.LinkTier> links = new ArrayList<>();
        links.add(FabricInventory.LinkTier.modules("nic-leaf", gpus, true, 0, rateGbps, module));
        links.add(FabricInventory.LinkTier.modules("leaf-spine", gpus, false, 1, rateGbps, module));
        if (tiers == 3) {
            links.add(FabricInventory.LinkTier.modules("spine-core", gpus, false, 2, rateGbps, module));
        }
        return new FabricInventory(gpus, true, FabricInventory.Node.withCages(gpusPerNode), sw, links);
    }
}
