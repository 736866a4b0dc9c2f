package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;

/**
 * Which protocol efficiency applies to a link: links tagged {@code scale-out} (NICs and the switch fabric behind
 * them) use the scale-out efficiency, all others the protocol (scale-up) efficiency. NCCL reaches about 82 % of line
 * rate on NVLink4 but 92-96 % on a 400G NDR NIC (docs/sim.md), so one number cannot fit both.
 */
final class LinkEfficiency {
    /** The tag of scale-out links (set by Topologies and FabricTopologies). */
    static final String SCALE_OUT_TAG = "scale-out";

    private LinkEfficiency() {}

    static double of(NetworkTopology t, int link, double protocolEfficiency, double scaleOutEfficiency) {
        return SCALE_OUT_TAG.equals(t.linkTag(link)) ? scaleOutEfficiency : protocolEfficiency;
    }

    static void check(double protocolEfficiency, double scaleOutEfficiency) {
        if (!(protocolEfficiency > 0 && protocolEfficiency <= 1)) {
            throw new IllegalArgumentException("protocolEfficiency must be in (0, 1]: " + protocolEfficiency);
        }
        if (!(scaleOutEfficiency > 0 && scaleOutEfficiency <= 1)) {
            throw new IllegalArgumentException("scaleOutEfficiency must be in (0, 1]: " + scaleOutEfficiency);
        }
    }
}
