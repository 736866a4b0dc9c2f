package dev.nearlight.explore.scenario;

import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.spec.FabricFactory;
import java.util.List;

/**
 * The scale-out fabric, described with the same knobs as {@code nearlight fabric}: topology, switch radix, port rate,
 * tiers (fat trees only) and oversubscription.
 *
 * @param topology fabric topology, one of the fabric builder's ids ({@link FabricFactory#TOPOLOGIES} without the
 *     PCIe pool fabric; default {@code rail-fat-tree})
 * @param switchRadix switch ports at the port rate (default 64)
 * @param rate port rate, e.g. {@code 400G}, {@code 800G}, {@code 1.6T}
 * @param tiers switch tiers of a fat tree, 2 or 3 (default 2)
 * @param oversubscription leaf downlink to uplink bandwidth ratio, 1 = non-blocking (default 1)
 */
public record FabricSpec(String topology, Integer switchRadix, String rate, Integer tiers, Double oversubscription) {
    /** Validates ranges and applies the defaults. */
    public FabricSpec {
        topology = Checks.orDefault(topology, "rail-fat-tree");
        if (!TOPOLOGIES.contains(topology)) {
            throw new FieldProblem(
                    "topology", "unknown value '" + topology + "'", "allowed: " + String.join(", ", TOPOLOGIES));
        }
        switchRadix = Checks.intRange(Checks.orDefault(switchRadix, 64), "switchRadix", 4, SwitchModel.MAX_RADIX);
        rate = Checks.nonBlank(rate, "rate", "rate: 400G");
        Checks.rateGbps(rate, "rate");
        tiers = Checks.intRange(Checks.orDefault(tiers, 2), "tiers", 1, 3);
        oversubscription = Checks.range(Checks.orDefault(oversubscription, 1.0), "oversubscription", 1.0, 64.0);
    }

    /** The port rate in Gb/s. */
    public double rateGbps() {
        return Checks.rateGbps(rate, "rate");
    }

    /** Whether the topology is a fat tree, whose {@link #tiers()} apply. */
    public boolean isFatTree() {
        return topology.equals("rail-fat-tree") || topology.equals("fat-tree");
    }

    /** The topologies a scenario may name: the fabric builder's scale-out ids (not its PCIe pool fabric). */
    public static final List<String> TOPOLOGIES =
            FabricFactory.TOPOLOGIES.stream().filter(t -> !t.equals("pcie")).toList();
}
