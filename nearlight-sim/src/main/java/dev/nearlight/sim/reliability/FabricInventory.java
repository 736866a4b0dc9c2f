package dev.nearlight.sim.reliability;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The parts of the cluster that fail, as counts taken from a bill of materials: nodes (GPUs, NICs, rails, NIC-side
 * optics), switch tiers (switches, ports, port rate, host-facing ports, optics packaging with its engines and external
 * laser sources) and link tiers (links, medium, rate, length, what each end carries). Every count is given, none is
 * derived: the fabric's BOM fills it (the cluster model's adapter, the only one), tests build it by hand, or a YAML
 * file does ({@link #fromYaml}). Failure facts per technology come from the core catalogue through
 * the link model at the tier's rate ({@link DefaultClusterFactory}); this record holds no rates.
 *
 * @param gpus GPUs in the cluster
 * @param railOptimized whether each leaf carries one rail of its nodes (rail-optimized fat tree): a leaf outage then
 *     costs each of its nodes one rail; otherwise a leaf carries all rails of {@code hostPorts / rails} nodes
 * @param node what every node carries
 * @param switchTiers switch tiers from the leaves up
 * @param linkTiers link tiers; a tier is one link class with one technology (split a class with mixed copper and
 *     optics into two tiers)
 */
public record FabricInventory(
        int gpus, boolean railOptimized, Node node, List<SwitchTier> switchTiers, List<LinkTier> linkTiers) {
    public FabricInventory {
        if (node == null) {
            throw new InputException("fabric inventory needs a node");
        }
        if (gpus <= 0 || gpus % node.gpusPerNode() != 0) {
            throw new InputException(
                    "gpus " + gpus + " must be a positive multiple of gpus per node " + node.gpusPerNode());
        }
        if (switchTiers == null || switchTiers.isEmpty() || linkTiers == null || linkTiers.isEmpty()) {
            throw new InputException("fabric inventory needs at least one switch tier and one link tier");
        }
        switchTiers = List.copyOf(switchTiers);
        linkTiers = List.copyOf(linkTiers);
        for (LinkTier t : linkTiers) {
            if (t.upperSwitchTier() >= switchTiers.size() || (!t.hostFacing() && t.upperSwitchTier() == 0)) {
                throw new InputException("link tier '" + t.name() + "' has upperSwitchTier " + t.upperSwitchTier()
                        + ": use 0 for host-facing links, else 1 to " + (switchTiers.size() - 1));
            }
            checkEngineEnd(t, t.upper(), switchTiers.get(t.upperSwitchTier()).packaging() != Packaging.CAGES, "upper");
            boolean lowerEngines = t.hostFacing()
                    ? node.opticalEngines() > 0
                    : switchTiers.get(t.upperSwitchTier() - 1).packaging() != Packaging.CAGES;
            checkEngineEnd(t, t.lower(), lowerEngines, "lower");
        }
    }

    private static void checkEngineEnd(LinkTier t, LinkEnd end, boolean hasEngines, String which) {
        if (end.part() == EndPart.ENGINE_PORT && !hasEngines) {
            throw new InputException("link tier '" + t.name() + "': the " + which + " end is an engine port ("
                    + end.technology() + ") but that side has no optical engines: give the switch tier npo or cpo"
                    + " packaging with its engines (or the node its opticalEngines), or use a module end");
        }
    }

    /**
     * Reads an inventory from YAML with the records' field names (see docs/reliability.md); errors name the file, line
     * and column.
     */
    public static FabricInventory fromYaml(InputStream in, String fileName) {
        ObjectMapper mapper = JsonMapper.builder(new YAMLFactory())
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .build();
        try {
            return mapper.readValue(in, FabricInventory.class);
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

    /** GPUs per node. */
    public int gpusPerNode() {
        return node.gpusPerNode();
    }

    /** Nodes. */
    public int nodes() {
        return gpus / node.gpusPerNode();
    }

    /** The largest switch port count (the radix of the fabric's switches). */
    public int switchRadix() {
        return switchTiers.stream().mapToInt(SwitchTier::portsPerSwitch).max().orElse(0);
    }

    /** All links, all tiers. */
    public long totalLinks() {
        return linkTiers.stream().mapToLong(LinkTier::links).sum();
    }

    /** All switches, all tiers. */
    public long totalSwitches() {
        return switchTiers.stream().mapToLong(SwitchTier::switches).sum();
    }

    /** Optical engines on switches and nodes. */
    public long totalOpticalEngines() {
        long n = (long) nodes() * node.opticalEngines();
        for (SwitchTier t : switchTiers) {
            n += (long) t.switches() * t.enginesPerSwitch();
        }
        return n;
    }

    /** External laser sources on switches and nodes. */
    public long totalLaserSources() {
        long n = (long) nodes() * node.laserSources();
        for (SwitchTier t : switchTiers) {
            n += (long) t.switches() * t.laserSourcesPerSwitch();
        }
        return n;
    }

    /** Pluggable modules at link ends (both ends of every optical link whose end is a module). */
    public long totalModules() {
        long n = 0;
        for (LinkTier t : linkTiers) {
            n += t.links()
                    * ((t.lower().part() == EndPart.MODULE ? 1 : 0) + (t.upper().part() == EndPart.MODULE ? 1 : 0));
        }
        return n;
    }

    /** Copper cables (one field-replaceable unit per copper link). */
    public long totalCables() {
        return linkTiers.stream()
                .filter(t -> t.medium() == Medium.COPPER)
                .mapToLong(LinkTier::links)
                .sum();
    }

    /** How a switch carries its optics. */
    public enum Packaging {
        /** Faceplate cages for pluggable modules and copper cables. */
        CAGES,
        /** Near-packaged optical engines on the switch board, serviced at board level. */
        NPO,
        /** Co-packaged optical engines on the switch package: an engine fault replaces the switch. */
        CPO
    }

    /** The medium of a link. */
    public enum Medium {
        COPPER,
        OPTICAL
    }

    /** What one end of a link carries. */
    public enum EndPart {
        /** A pluggable module (DSP, LPO, LRO) in a cage: its own field-replaceable unit, hot-swapped. */
        MODULE,
        /** A port of an optical engine (NPO/CPO) on the switch or the node: the engine is the failing part. */
        ENGINE_PORT,
        /** Nothing that fails on its own: a copper cable's end (the cable is the part). */
        NONE
    }

    /**
     * What every node carries.
     *
     * @param gpusPerNode GPUs per node
     * @param nics scale-out NICs per node
     * @param rails scale-out rails per node (one NIC port each, usually {@code nics})
     * @param opticalEngines NIC-side optical engines per node (0 for nodes whose NICs ship cages, e.g. H100)
     * @param portsPerEngine NIC ports per node-side engine (0 without engines)
     * @param laserSources external laser sources per node (0 without)
     * @param portsPerLaserSource NIC ports one node-side laser source feeds (0 without)
     */
    public record Node(
            int gpusPerNode,
            int nics,
            int rails,
            int opticalEngines,
            int portsPerEngine,
            int laserSources,
            int portsPerLaserSource) {
        public Node {
            if (gpusPerNode <= 0 || nics < 0 || rails <= 0) {
                throw new InputException("node: gpusPerNode and rails must be > 0 and nics >= 0 (got " + gpusPerNode
                        + ", " + rails + ", " + nics + ")");
            }
            if (opticalEngines < 0 || (opticalEngines > 0) != (portsPerEngine > 0)) {
                throw new InputException("node: give opticalEngines and portsPerEngine both > 0 or both 0 (got "
                        + opticalEngines + ", " + portsPerEngine + ")");
            }
            if (laserSources < 0 || (laserSources > 0) != (portsPerLaserSource > 0)) {
                throw new InputException("node: give laserSources and portsPerLaserSource both > 0 or both 0 (got "
                        + laserSources + ", " + portsPerLaserSource + ")");
            }
        }

        /** A node whose NICs ship pluggable cages: one NIC and one rail per GPU, no node-side engines. */
        public static Node withCages(int gpusPerNode) {
            return new Node(gpusPerNode, gpusPerNode, gpusPerNode, 0, 0, 0, 0);
        }
    }

    /**
     * One tier of switches.
     *
     * @param name tier name ("leaf", "spine", "core")
     * @param switches switches in the tier, &gt;= 0
     * @param portsPerSwitch ports per switch (its radix at {@code portRateGbps})
     * @param portRateGbps rate of one port, Gb/s
     * @param hostPorts ports per switch that face NICs (0 above the leaves)
     * @param packaging how the switch carries its optics
     * @param enginesPerSwitch optical engines per switch (0 for cages; the BOM sizes them by bandwidth: switch
     *     bandwidth / engine bandwidth)
     * @param portsPerEngine ports one engine serves (0 for cages)
     * @param laserSourcesPerSwitch external laser sources per switch (0 without)
     * @param portsPerLaserSource ports one laser source feeds (0 without)
     */
    public record SwitchTier(
            String name,
            int switches,
            int portsPerSwitch,
            double portRateGbps,
            int hostPorts,
            Packaging packaging,
            int enginesPerSwitch,
            int portsPerEngine,
            int laserSourcesPerSwitch,
            int portsPerLaserSource) {
        public SwitchTier {
            if (name == null || name.isBlank() || switches < 0 || portsPerSwitch < 1 || hostPorts < 0) {
                throw new InputException(
                        "switch tier needs a name, switches >= 0, portsPerSwitch >= 1 and" + " hostPorts >= 0");
            }
            if (hostPorts > portsPerSwitch) {
                throw new InputException("switch tier '" + name + "': hostPorts " + hostPorts
                        + " exceed portsPerSwitch " + portsPerSwitch);
            }
            if (!(portRateGbps > 0) || Double.isInfinite(portRateGbps)) {
                throw new InputException("switch tier '" + name + "': portRateGbps " + portRateGbps + " must be > 0");
            }
            if (packaging == null) {
                throw new InputException("switch tier '" + name + "' needs packaging: cages, npo or cpo");
            }
            if (packaging == Packaging.CAGES && (enginesPerSwitch != 0 || laserSourcesPerSwitch != 0)) {
                throw new InputException("switch tier '" + name + "': a switch with cages has no engines or laser"
                        + " sources (got " + enginesPerSwitch + ", " + laserSourcesPerSwitch + "): use npo or cpo");
            }
            if (packaging != Packaging.CAGES && (enginesPerSwitch < 1 || portsPerEngine < 1)) {
                throw new InputException(
                        "switch tier '" + name + "': " + packaging.name().toLowerCase(java.util.Locale.ROOT)
                                + " packaging needs enginesPerSwitch and portsPerEngine >= 1");
            }
            if (laserSourcesPerSwitch < 0 || (laserSourcesPerSwitch > 0) != (portsPerLaserSource > 0)) {
                throw new InputException("switch tier '" + name + "': give laserSourcesPerSwitch and"
                        + " portsPerLaserSource both > 0 or both 0");
            }
        }

        /** A tier of switches with cages (pluggables or copper), no engines. */
        public static SwitchTier withCages(String name, int switches, int ports, double rateGbps, int hostPorts) {
            return new SwitchTier(name, switches, ports, rateGbps, hostPorts, Packaging.CAGES, 0, 0, 0, 0);
        }
    }

    /**
     * One end of a link.
     *
     * @param technology core catalogue technology id or id prefix (e.g. {@code pluggable-dsp-dr}, {@code lpo}, {@code
     *     npo}, {@code cpo-els}, {@code aec}, {@code dac}), resolved at the link tier's rate
     * @param part what the end carries
     */
    public record LinkEnd(String technology, EndPart part) {
        public LinkEnd {
            if (technology == null || technology.isBlank() || part == null) {
                throw new InputException("link end needs a technology and a part (module, engine_port or none)");
            }
        }
    }

    /**
     * One tier of links of one technology.
     *
     * @param name tier name ("nic-leaf", "leaf-spine", "spine-core")
     * @param links links in the tier, &gt;= 0
     * @param hostFacing whether the lower end is a NIC
     * @param upperSwitchTier index in {@code switchTiers} of the switch tier at the upper end (0 = leaf for the
     *     host-facing tier); the lower end is the tier below it, or the nodes
     * @param medium copper or optical
     * @param rateGbps link rate, Gb/s (the catalogue entry of each end's technology is taken at this rate)
     * @param meanLengthM mean cable length, metres
     * @param lower the lower end (NIC for host-facing links)
     * @param upper the upper end
     */
    public record LinkTier(
            String name,
            long links,
            boolean hostFacing,
            int upperSwitchTier,
            Medium medium,
            double rateGbps,
            double meanLengthM,
            LinkEnd lower,
            LinkEnd upper) {
        public LinkTier {
            if (name == null || name.isBlank() || links < 0 || upperSwitchTier < 0) {
                throw new InputException("link tier needs a name, links >= 0 and upperSwitchTier >= 0");
            }
            if (medium == null || lower == null || upper == null) {
                throw new InputException("link tier '" + name + "' needs medium, lower and upper ends");
            }
            if (!(rateGbps > 0) || Double.isInfinite(rateGbps) || !(meanLengthM >= 0)) {
                throw new InputException("link tier '" + name + "': rateGbps must be > 0 and meanLengthM >= 0");
            }
            if (medium == Medium.COPPER
                    && (lower.part() != EndPart.NONE
                            || upper.part() != EndPart.NONE
                            || !lower.technology().equals(upper.technology()))) {
                throw new InputException("link tier '" + name + "': a copper link is one cable (the failing part):"
                        + " give both ends part none and the same technology (aec, acc or dac)");
            }
            if (medium == Medium.OPTICAL && (lower.part() == EndPart.NONE || upper.part() == EndPart.NONE)) {
                throw new InputException(
                        "link tier '" + name + "': an optical link end is a module or an engine" + " port, not none");
            }
        }

        /** An optical link tier with pluggable modules of one technology at both ends. */
        public static LinkTier modules(
                String name, long links, boolean hostFacing, int upper, double rateGbps, String technology) {
            LinkEnd end = new LinkEnd(technology, EndPart.MODULE);
            return new LinkTier(name, links, hostFacing, upper, Medium.OPTICAL, rateGbps, 0, end, end);
        }
    }
}
