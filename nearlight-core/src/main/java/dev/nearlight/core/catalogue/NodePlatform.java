package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A whole compute node (e.g. a DGX H100, or one GB200 NVL72 compute tray) as the energy and repair models see it:
 * its parts with power busy and idle and unit prices, and the vendor's published maximum input power that the parts
 * must fit under (asserted for the shipped
 * catalogue by a test; a user override of a GPU's power is a what-if and is not refused for it). Pluggable optics are not node parts: the link model counts them.
 *
 * @param id e.g. {@code dgx-h100}
 * @param name readable name
 * @param gpu GPU endpoint id of the node's accelerators
 * @param maxPowerW the vendor's maximum input power of the node (boundary NODE)
 * @param parts the node's parts (at least the GPUs)
 */
public record NodePlatform(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String gpu,
        @JsonProperty(required = true) Param maxPowerW,
        @JsonProperty(required = true) List<PlatformPart> parts)
        implements CatalogueEntry {

    /** Validates the fields; endpoint references are checked by the catalogue. */
    public NodePlatform {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.id(gpu, "gpu");
        Require.power(Require.present(maxPowerW, "maxPowerW"), "maxPowerW");
        parts = Require.nonEmpty(parts, "parts");
        if (parts.stream().noneMatch(p -> p.role() == PartRole.GPU)) {
            throw new IllegalArgumentException("parts: no GPU part (add the accelerators with role: GPU)");
        }
    }

    /** GPUs per node. */
    public int gpus() {
        return parts.stream()
                .filter(p -> p.role() == PartRole.GPU)
                .mapToInt(PlatformPart::count)
                .sum();
    }
}
