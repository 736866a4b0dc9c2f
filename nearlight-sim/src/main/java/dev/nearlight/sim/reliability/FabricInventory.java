package dev.nearlight.sim.reliability;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The seam with the fabric module: how many GPUs, nodes, switches per tier and links per tier the cluster has. The
 * fabric module supplies it through {@link FabricInventories#from} (or a YAML file, {@link #fromYaml}) for a fat
 * tree.
 *
 * @param gpus GPUs (one NIC port per GPU)
 * @param gpusPerNode GPUs per node
 * @param switchRadix ports per switch
 * @param switchTiers switch tiers from the leaves up
 * @param linkTiers link tiers from the host-facing one up
 */
public record FabricInventory(
        int gpus, int gpusPerNode, int switchRadix, List<SwitchTier> switchTiers, List<LinkTier> linkTiers) {
    public FabricInventory {
        if (gpus <= 0 || gpusPerNode <= 0 || gpus % gpusPerNode != 0) {
            throw new InputException("gpus " + gpus + " must be a positive multiple of gpus per node " + gpusPerNode);
        }
        if (switchRadix < 2) {
            throw new InputException("switch radix " + switchRadix + " must be >= 2");
        }
        if (switchTiers == null || switchTiers.isEmpty() || linkTiers == null || linkTiers.isEmpty()) {
            throw new InputException("fabric inventory needs at least one switch tier and one link tier");
        }
        switchTiers = List.copyOf(switchTiers);
        linkTiers = List.copyOf(linkTiers);
    }

    /**
     * Reads an inventory from YAML with the record's field names (see docs/reliability.md); errors name the file,
     * line and column.
     */
    public static FabricInventory fromYaml(InputStream in, String fileName) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        try {
            FabricInventory inv = mapper.readValue(in, FabricInventory.class);
            for (LinkTier t : inv.linkTiers()) {
                if (t.upperSwitchTier() >= inv.switchTiers().size() || (!t.hostFacing() && t.upperSwitchTier() == 0)) {
                    throw new InputException(fileName + ": link tier '" + t.name() + "' has upperSwitchTier "
                            + t.upperSwitchTier() + ": use 0 for host-facing links, else 1 to "
                            + (inv.switchTiers().size() - 1));
                }
            }
            return inv;
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            String msg = c instanceof InputException ? c.getMessage() : e.getOriginalMessage();
            throw new InputException(where(fileName, e.getLocation()) + msg, e);
        } catch (JsonProcessingException e) {
            throw new InputException(where(fileName, e.getLocation()) + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(String fileName, JsonLocation loc) {
        return loc == null
                ? fileName + ": "
                : fileName + " line " + loc.getLineNr() + " column " + loc.getColumnNr() + ": ";
    }

    /** Nodes. */
    public int nodes() {
        return gpus / gpusPerNode;
    }

    /** All links, all tiers. */
    public long totalLinks() {
        return linkTiers.stream().mapToLong(LinkTier::links).sum();
    }

    /** All switches, all tiers. */
    public long totalSwitches() {
        return switchTiers.stream().mapToLong(SwitchTier::switches).sum();
    }

    /**
     * One tier of switches.
     *
     * @param name tier name ("leaf", "spine", "core")
     * @param switches switches in the tier, &gt;= 0
     * @param hostPorts ports per switch that face NICs (0 above the leaves)
     */
    public record SwitchTier(String name, int switches, int hostPorts) {
        public SwitchTier {
            if (name == null || name.isBlank() || switches < 0 || hostPorts < 0) {
                throw new InputException("switch tier needs a name, switches >= 0 and hostPorts >= 0");
            }
        }
    }

    /**
     * One tier of links.
     *
     * @param name tier name ("nic-leaf", "leaf-spine", "spine-core")
     * @param links links in the tier, &gt;= 0
     * @param hostFacing whether one end is a NIC (a failure takes that GPU's node off the job)
     * @param upperSwitchTier index in {@code switchTiers} of the switch tier at the upper end
     */
    public record LinkTier(String name, long links, boolean hostFacing, int upperSwitchTier) {
        public LinkTier {
            if (name == null || name.isBlank() || links < 0 || upperSwitchTier < 0) {
                throw new InputException("link tier needs a name, links >= 0 and upperSwitchTier >= 0");
            }
        }
    }
}
