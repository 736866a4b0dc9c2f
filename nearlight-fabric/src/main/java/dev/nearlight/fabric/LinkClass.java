package dev.nearlight.fabric;

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
 */
public record LinkClass(String name, double rateGbps, String opticsTechnology, boolean copperAllowed, boolean pcie) {
    public LinkClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opticsTechnology, "opticsTechnology");
        if (!(rateGbps > 0)) {
            throw new IllegalArgumentException("rateGbps must be > 0: " + rateGbps);
        }
    }

    /** Same class with another optics technology (for side-by-side comparisons). */
    public LinkClass withOptics(String technology) {
        return new LinkClass(name, rateGbps, technology, copperAllowed, pcie);
    }
}
