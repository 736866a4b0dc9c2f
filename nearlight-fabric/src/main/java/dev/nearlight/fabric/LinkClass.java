package dev.nearlight.fabric;

import dev.nearlight.fabric.device.NodeModel;
import dev.nearlight.fabric.link.Technologies;
import java.util.Objects;

/**
 * One class of links of a fabric (e.g. {@code nodeLeaf}, {@code leafSpine}, {@code spineCore}, {@code local},
 * {@code global}, {@code scaleUp}): all its links run at the same rate and use the same optics technology when they
 * are too long for copper.
 *
 * @param name short camel-case name used in reports and JSON
 * @param rateGbps line rate of one link, per direction
 * @param opticsTechnology technology id used when copper cannot reach (see {@code docs/fabric.md})
 * @param copperAllowed whether copper may be chosen for links short enough
 * @param pcie whether this is a PCIe/CXL link class (latency from PCIe PHY and retimers, not Ethernet FEC)
 * @param nicOptics the part a node's NIC ships (a pluggable id), used at the endpoint end of the class's links when
 *     the optics are switch-only ({@code npo-switch}, {@code cpo-switch})
 */
public record LinkClass(
        String name, double rateGbps, String opticsTechnology, boolean copperAllowed, boolean pcie, String nicOptics) {
    public LinkClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opticsTechnology, "opticsTechnology");
        Objects.requireNonNull(nicOptics, "nicOptics");
        if (!(rateGbps > 0)) {
            throw new IllegalArgumentException("rateGbps must be > 0: " + rateGbps);
        }
    }

    /** A class whose NICs ship the default pluggable ({@link NodeModel#DEFAULT_NIC_OPTICS}). */
    public LinkClass(String name, double rateGbps, String opticsTechnology, boolean copperAllowed, boolean pcie) {
        this(name, rateGbps, opticsTechnology, copperAllowed, pcie, NodeModel.DEFAULT_NIC_OPTICS);
    }

    /** Same class with another optics technology (for side-by-side comparisons). */
    public LinkClass withOptics(String technology) {
        return new LinkClass(name, rateGbps, technology, copperAllowed, pcie, nicOptics);
    }

    /** Same class whose NICs ship another part. */
    public LinkClass withNicOptics(String nic) {
        return new LinkClass(name, rateGbps, opticsTechnology, copperAllowed, pcie, nic);
    }

    /** Name of the scale-up link class (GPU to NVSwitch-like switch). */
    public static final String SCALE_UP = "scaleUp";

    /**
     * Whether copper may sit beside engines on this class: only scale-up links, whose switches (NVSwitch trays) keep
     * copper NVLink ports and use their optics for the links copper cannot reach. Everywhere else an NPO/CPO port
     * has no cage, so copper is never planned on a link with an engine end.
     */
    public boolean copperBesideEngines() {
        return SCALE_UP.equals(name);
    }

    /** Technology at a switch end of the class's optical links ({@code cpo-switch} -> {@code cpo}). */
    public String switchEndTechnology() {
        return Technologies.baseOf(opticsTechnology);
    }

    /**
     * Technology at an endpoint (NIC) end of the class's optical links: the NIC's own part when the optics are
     * switch-only, else the class's technology (plain {@code npo}/{@code cpo} put engines on the NIC too).
     */
    public String endpointEndTechnology() {
        return Technologies.switchOnly(opticsTechnology) ? nicOptics : opticsTechnology;
    }
}
