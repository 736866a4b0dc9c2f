package dev.nearlight.sim.collective;

import dev.nearlight.sim.net.NetworkTopology;

/**
 * Which protocol efficiency applies to a link: links tagged {@code scale-out} (NICs and the switch fabric behind
 * them) use the scale-out efficiency, all others the protocol (scale-up) efficiency. NCCL reaches about 82 % of line
 * rate on NVLink4 but 92-96 % on a 400G NDR NIC (docs/sim.md), so one number cannot fit both.
 */
public final class LinkEfficiency {
    /** The tag of scale-out links (set by Topologies and FabricTopologies). */
    static final String SCALE_OUT_TAG = "scale-out";

    private LinkEfficiency() {}

    static double of(NetworkTopology t, int link, double protocolEfficiency, double scaleOutEfficiency) {
        return SCALE_OUT_TAG.equals(t.linkTag(link)) ? scaleOutEfficiency : protocolEfficiency;
    }

    /**
     * Smallest share of line rate a link's protocol may deliver: 1 % (NCCL reaches 82-96 %). Below it the figure is a
     * typo, and 1e-300 divided into a transfer printed Infinity.
     */
    public static final double MIN = 0.01;

    /** Refuses a protocol or scale-out efficiency outside [{@link #MIN}, 1], naming the field. */
    public static void require(double protocolEfficiency, double scaleOutEfficiency) {
        requireOne(protocolEfficiency, "protocolEfficiency");
        requireOne(scaleOutEfficiency, "scaleOutEfficiency");
    }

    /** Refuses one efficiency outside [{@link #MIN}, 1]; {@code field} in the model's name (camelCase). */
    public static void requireOne(double efficiency, String field) {
        if (!(efficiency >= MIN && efficiency <= 1)) {
            throw dev.nearlight.core.InputException.of(
                    field,
                    efficiency + " is not a share of line rate a link delivers",
                    "give {" + field + "} in [" + MIN + ", 1]");
        }
    }
}
