package dev.nearlight.fabric.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A full fabric description as read from a YAML spec file ({@code --spec}) or assembled from command-line options.
 * Every field is optional (null = default, see {@link FabricFactory}); {@link #overriddenBy(FabricSpec)} lets
 * explicit options win over a file. Keys are the camel-case field names below.
 *
 * @param topology {@code rail-fat-tree} (default), {@code fat-tree}, {@code torus}, {@code dragonfly}, {@code pcie}
 * @param gpus GPUs
 * @param gpusPerNode GPUs per node, one rail (NIC) per GPU (default 8)
 * @param gpuId catalogue GPU endpoint (e.g. {@code b200}); sets the default scale-up bandwidth per GPU
 * @param switchRadix switch ports (default 64, or the catalogue switch's radix at {@code rate})
 * @param switchId catalogue switch endpoint (e.g. {@code switch-51.2t}) giving radix, power and price
 * @param rate switch port and NIC rate, e.g. {@code 400G}, {@code 800G}, {@code 1.6T} (default 400G)
 * @param tiers fat-tree switch tiers, 2 or 3 (default: 2 if it fits, else 3)
 * @param oversubscription leaf downlink:uplink ratio (default 1)
 * @param nodesPerUnit nodes per scalable unit (default: leaf down ports)
 * @param optics optics for every link class: a short name ({@code pluggable, lpo, lro, npo, cpo, aec, dac}) or id
 * @param opticsPerClass optics per link class name (e.g. {@code leafSpine: npo}); wins over {@code optics}
 * @param copper whether copper is used where it reaches (default true)
 * @param torusDims torus sizes, e.g. {@code 16x16} or {@code 8x8x8}
 * @param groups dragonfly groups (default from gpus)
 * @param routersPerGroup dragonfly routers per group
 * @param terminalsPerRouter dragonfly GPUs per router
 * @param globalPerRouter dragonfly global links per router
 * @param scaleUpDomain GPUs per scale-up domain (e.g. 8 or 72; default none)
 * @param scaleUpPorts scale-up ports per GPU (default 18)
 * @param scaleUpBandwidthGBps scale-up bandwidth per GPU per direction, GB/s (default 900)
 * @param scaleUpSwitchRadix ports per scale-up switch (default 72)
 * @param scaleUpOptics optics for scale-up links copper cannot reach (default npo)
 * @param hosts PCIe fabric hosts (default 16)
 * @param hostsPerSwitch hosts per PCIe host switch (default 8)
 * @param pcieLevels PCIe switch levels, 1 or 2 (default 2)
 * @param pcieGen PCIe generation 5, 6 or 7 (default 6)
 * @param pcieSwitchPorts x16 ports per PCIe switch (default 32)
 * @param gpuPools pooled GPU enclosures (default 2)
 * @param memoryPools pooled CXL memory enclosures (default 2)
 * @param storagePools pooled NVMe enclosures (default 1)
 * @param layout floor plan overrides
 * @param nicOptics the part in the nodes' NIC ports (short name or id; default {@code pluggable}: catalogue NICs have
 *     cages); used at the NIC end of host-facing links whose optics are switch-only ({@code npo-switch},
 *     {@code cpo-switch})
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FabricSpec(
        String topology,
        Integer gpus,
        Integer gpusPerNode,
        String gpuId,
        Integer switchRadix,
        String switchId,
        String rate,
        Integer tiers,
        Double oversubscription,
        Integer nodesPerUnit,
        String optics,
        Map<String, String> opticsPerClass,
        Boolean copper,
        String torusDims,
        Integer groups,
        Integer routersPerGroup,
        Integer terminalsPerRouter,
        Integer globalPerRouter,
        Integer scaleUpDomain,
        Integer scaleUpPorts,
        Double scaleUpBandwidthGBps,
        Integer scaleUpSwitchRadix,
        String scaleUpOptics,
        Integer hosts,
        Integer hostsPerSwitch,
        Integer pcieLevels,
        Integer pcieGen,
        Integer pcieSwitchPorts,
        Integer gpuPools,
        Integer memoryPools,
        Integer storagePools,
        LayoutSpec layout,
        String nicOptics) {

    /** A spec without {@code nicOptics} (the nodes' NICs ship the default pluggable). */
    public FabricSpec(
            String topology,
            Integer gpus,
            Integer gpusPerNode,
            String gpuId,
            Integer switchRadix,
            String switchId,
            String rate,
            Integer tiers,
            Double oversubscription,
            Integer nodesPerUnit,
            String optics,
            Map<String, String> opticsPerClass,
            Boolean copper,
            String torusDims,
            Integer groups,
            Integer routersPerGroup,
            Integer terminalsPerRouter,
            Integer globalPerRouter,
            Integer scaleUpDomain,
            Integer scaleUpPorts,
            Double scaleUpBandwidthGBps,
            Integer scaleUpSwitchRadix,
            String scaleUpOptics,
            Integer hosts,
            Integer hostsPerSwitch,
            Integer pcieLevels,
            Integer pcieGen,
            Integer pcieSwitchPorts,
            Integer gpuPools,
            Integer memoryPools,
            Integer storagePools,
            LayoutSpec layout) {
        this(
                topology,
                gpus,
                gpusPerNode,
                gpuId,
                switchRadix,
                switchId,
                rate,
                tiers,
                oversubscription,
                nodesPerUnit,
                optics,
                opticsPerClass,
                copper,
                torusDims,
                groups,
                routersPerGroup,
                terminalsPerRouter,
                globalPerRouter,
                scaleUpDomain,
                scaleUpPorts,
                scaleUpBandwidthGBps,
                scaleUpSwitchRadix,
                scaleUpOptics,
                hosts,
                hostsPerSwitch,
                pcieLevels,
                pcieGen,
                pcieSwitchPorts,
                gpuPools,
                memoryPools,
                storagePools,
                layout,
                null);
    }

    /** This spec with the nodes' NICs shipping {@code nic} (a short optics name or id). */
    public FabricSpec withNicOptics(String nic) {
        return overriddenBy(empty().withNic(nic));
    }

    private FabricSpec withNic(String nic) {
        return new FabricSpec(
                topology,
                gpus,
                gpusPerNode,
                gpuId,
                switchRadix,
                switchId,
                rate,
                tiers,
                oversubscription,
                nodesPerUnit,
                optics,
                opticsPerClass,
                copper,
                torusDims,
                groups,
                routersPerGroup,
                terminalsPerRouter,
                globalPerRouter,
                scaleUpDomain,
                scaleUpPorts,
                scaleUpBandwidthGBps,
                scaleUpSwitchRadix,
                scaleUpOptics,
                hosts,
                hostsPerSwitch,
                pcieLevels,
                pcieGen,
                pcieSwitchPorts,
                gpuPools,
                memoryPools,
                storagePools,
                layout,
                nic);
    }

    /**
     * Floor-plan overrides (null = default of {@link dev.nearlight.fabric.layout.Layout#defaults()}).
     *
     * @param rackWidthM rack width, metres
     * @param racksPerRow racks per row
     * @param rowPitchM row pitch, metres
     * @param rackUnits rack units per rack
     * @param trayRiseM vertical run to the tray, metres
     * @param slackM service loop, metres
     * @param nodesPerRack compute nodes per rack
     * @param switchesPerRack switches per network rack
     */
    public record LayoutSpec(
            Double rackWidthM,
            Integer racksPerRow,
            Double rowPitchM,
            Integer rackUnits,
            Double trayRiseM,
            Double slackM,
            Integer nodesPerRack,
            Integer switchesPerRack) {
        LayoutSpec overriddenBy(LayoutSpec o) {
            if (o == null) {
                return this;
            }
            return new LayoutSpec(
                    or(o.rackWidthM, rackWidthM),
                    or(o.racksPerRow, racksPerRow),
                    or(o.rowPitchM, rowPitchM),
                    or(o.rackUnits, rackUnits),
                    or(o.trayRiseM, trayRiseM),
                    or(o.slackM, slackM),
                    or(o.nodesPerRack, nodesPerRack),
                    or(o.switchesPerRack, switchesPerRack));
        }
    }

    /**
     * The spec file's key of a fabric model field as {@link dev.nearlight.core.InputException#field()} names it: the
     * same camel-case name, except the scale-up bandwidth and switch radix, which the model names as the command line
     * does ({@code scaleUpBandwidth}, {@code scaleUpRadix}).
     */
    public static String fileKey(String field) {
        return switch (field) {
            case "scaleUpBandwidth" -> "scaleUpBandwidthGBps";
            case "scaleUpRadix" -> "scaleUpSwitchRadix";
            default -> field;
        };
    }

    /** An all-default spec. */
    public static FabricSpec empty() {
        return new FabricSpec(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This spec with every non-null field of {@code o} taking precedence. */
    public FabricSpec overriddenBy(FabricSpec o) {
        if (o == null) {
            return this;
        }
        Map<String, String> opc = opticsPerClass;
        if (o.opticsPerClass != null && !o.opticsPerClass.isEmpty()) {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            if (opc != null) {
                m.putAll(opc);
            }
            m.putAll(o.opticsPerClass);
            opc = m;
        }
        return new FabricSpec(
                or(o.topology, topology),
                or(o.gpus, gpus),
                or(o.gpusPerNode, gpusPerNode),
                or(o.gpuId, gpuId),
                or(o.switchRadix, switchRadix),
                or(o.switchId, switchId),
                or(o.rate, rate),
                or(o.tiers, tiers),
                or(o.oversubscription, oversubscription),
                or(o.nodesPerUnit, nodesPerUnit),
                or(o.optics, optics),
                opc,
                or(o.copper, copper),
                or(o.torusDims, torusDims),
                or(o.groups, groups),
                or(o.routersPerGroup, routersPerGroup),
                or(o.terminalsPerRouter, terminalsPerRouter),
                or(o.globalPerRouter, globalPerRouter),
                or(o.scaleUpDomain, scaleUpDomain),
                or(o.scaleUpPorts, scaleUpPorts),
                or(o.scaleUpBandwidthGBps, scaleUpBandwidthGBps),
                or(o.scaleUpSwitchRadix, scaleUpSwitchRadix),
                or(o.scaleUpOptics, scaleUpOptics),
                or(o.hosts, hosts),
                or(o.hostsPerSwitch, hostsPerSwitch),
                or(o.pcieLevels, pcieLevels),
                or(o.pcieGen, pcieGen),
                or(o.pcieSwitchPorts, pcieSwitchPorts),
                or(o.gpuPools, gpuPools),
                or(o.memoryPools, memoryPools),
                or(o.storagePools, storagePools),
                layout == null ? o.layout : layout.overriddenBy(o.layout),
                or(o.nicOptics, nicOptics));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
