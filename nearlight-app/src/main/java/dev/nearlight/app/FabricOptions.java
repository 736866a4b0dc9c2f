package dev.nearlight.app;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The fabric options shared by every command that needs a cluster fabric ({@code fabric}, and later
 * {@code collective}, {@code train}, {@code reliability}): use it as a picocli {@code @Mixin} and call
 * {@link #toSpec()}. Options left out take their value from {@code --spec FILE.yaml}, then from the documented
 * defaults; explicit options win over the file.
 */
public final class FabricOptions {
    /** The catalogue the fabric is built from: defaults plus {@code --catalogue} files. */
    @picocli.CommandLine.Mixin
    CatalogueOptions catalogue = new CatalogueOptions();

    /** Builds the cluster these options describe (the one build every fabric command shares). */
    dev.nearlight.explore.cluster.ClusterModel build() {
        return dev.nearlight.explore.cluster.ClusterModel.build(toSpec(), catalogue.load());
    }

    @Option(names = "--spec", paramLabel = "FILE.yaml", description = "Full fabric description (YAML, camelCase keys).")
    Path spec;

    @Option(names = "--topology", description = "rail-fat-tree (default), fat-tree, torus, dragonfly or pcie.")
    String topology;

    @Option(names = "--gpus", description = "GPUs in the fabric.")
    Integer gpus;

    @Option(names = "--gpus-per-node", description = "GPUs per node, one rail (NIC) each (default 8).")
    Integer gpusPerNode;

    @Option(
            names = "--gpu",
            paramLabel = "ID",
            description = "Catalogue GPU (e.g. b200): its scale-up bandwidth is the --scale-up-bandwidth default.")
    String gpuId;

    @Option(names = "--switch-radix", description = "Switch ports (default 64).")
    Integer switchRadix;

    @Option(
            names = "--switch",
            paramLabel = "ID",
            description = "Catalogue switch ASIC (e.g. switch-51.2t): radix at --rate, power and price.")
    String switchId;

    @Option(names = "--rate", description = "Port and NIC rate, e.g. 400G, 800G, 1.6T (default 400G).")
    String rate;

    @Option(names = "--tiers", description = "Fat-tree switch tiers, 2 or 3 (default: 2 when it fits, else 3).")
    Integer tiers;

    @Option(names = "--oversubscription", description = "Leaf downlink:uplink ratio (default 1, non-blocking).")
    Double oversubscription;

    @Option(names = "--nodes-per-unit", description = "Nodes per scalable unit (default: leaf down ports).")
    Integer nodesPerUnit;

    @Option(
            names = "--optics",
            paramLabel = "NAME|CLASS=NAME[,...]",
            description = "Optics for every link class (pluggable, lpo, lro, npo, cpo, aec, dac or an id), or per"
                    + " class, e.g. nodeLeaf=lpo,leafSpine=npo,spineCore=cpo.")
    String optics;

    @Option(names = "--no-copper", description = "Use optics even where copper reaches.")
    Boolean noCopper;

    @Option(names = "--torus-dims", description = "Torus sizes, e.g. 16x16 or 8x8x8.")
    String torusDims;

    @Option(names = "--groups", description = "Dragonfly groups (default from --gpus).")
    Integer groups;

    @Option(names = "--routers-per-group", description = "Dragonfly routers per group (default 2h).")
    Integer routersPerGroup;

    @Option(names = "--terminals-per-router", description = "Dragonfly GPUs per router (default h).")
    Integer terminalsPerRouter;

    @Option(names = "--global-per-router", description = "Dragonfly global links per router (default radix/4).")
    Integer globalPerRouter;

    @Option(names = "--scale-up-domain", description = "GPUs per NVLink-like scale-up domain, e.g. 8 or 72.")
    Integer scaleUpDomain;

    @Option(names = "--scale-up-ports", description = "Scale-up ports per GPU (default 18).")
    Integer scaleUpPorts;

    @Option(names = "--scale-up-bandwidth", description = "Scale-up GB/s per GPU per direction (default 900).")
    Double scaleUpBandwidth;

    @Option(names = "--scale-up-radix", description = "Ports per scale-up switch (default 72).")
    Integer scaleUpRadix;

    @Option(names = "--scale-up-optics", description = "Optics for scale-up links copper cannot reach (default npo).")
    String scaleUpOptics;

    @Option(names = "--hosts", description = "PCIe fabric hosts (default 16).")
    Integer hosts;

    @Option(names = "--hosts-per-switch", description = "Hosts per PCIe host switch (default 8).")
    Integer hostsPerSwitch;

    @Option(names = "--pcie-levels", description = "PCIe switch levels, 1 or 2 (default 2).")
    Integer pcieLevels;

    @Option(names = "--pcie-gen", description = "PCIe generation 5, 6 or 7 (default 6).")
    Integer pcieGen;

    @Option(names = "--pcie-switch-ports", description = "x16 ports per PCIe switch (default 32).")
    Integer pcieSwitchPorts;

    @Option(names = "--gpu-pools", description = "Pooled GPU enclosures (default 2).")
    Integer gpuPools;

    @Option(names = "--memory-pools", description = "Pooled CXL memory enclosures (default 2).")
    Integer memoryPools;

    @Option(names = "--storage-pools", description = "Pooled NVMe enclosures (default 1).")
    Integer storagePools;

    @Option(names = "--nodes-per-rack", description = "Compute nodes per rack (default 4).")
    Integer nodesPerRack;

    @Option(names = "--racks-per-row", description = "Racks per row (default 16).")
    Integer racksPerRow;

    @Option(names = "--row-pitch", description = "Row pitch, metres (default 2.4).")
    Double rowPitchM;

    /** The spec file (if any) overridden by the options given on the command line. */
    public FabricSpec toSpec() {
        FabricSpec base = spec != null ? FabricSpecReader.read(spec) : FabricSpec.empty();
        String allOptics = null;
        Map<String, String> perClass = new LinkedHashMap<>();
        if (optics != null) {
            for (String part : optics.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    allOptics = p;
                } else if (eq == 0 || eq == p.length() - 1) {
                    throw new InputException("--optics '" + part + "' must be NAME or CLASS=NAME, e.g. leafSpine=npo");
                } else {
                    perClass.put(p.substring(0, eq), p.substring(eq + 1));
                }
            }
        }
        FabricSpec.LayoutSpec layout = nodesPerRack == null && racksPerRow == null && rowPitchM == null
                ? null
                : new FabricSpec.LayoutSpec(null, racksPerRow, rowPitchM, null, null, null, nodesPerRack, null);
        FabricSpec cli = new FabricSpec(
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
                allOptics,
                perClass.isEmpty() ? null : perClass,
                noCopper != null && noCopper ? Boolean.FALSE : null,
                torusDims,
                groups,
                routersPerGroup,
                terminalsPerRouter,
                globalPerRouter,
                scaleUpDomain,
                scaleUpPorts,
                scaleUpBandwidth,
                scaleUpRadix,
                scaleUpOptics,
                hosts,
                hostsPerSwitch,
                pcieLevels,
                pcieGen,
                pcieSwitchPorts,
                gpuPools,
                memoryPools,
                storagePools,
                layout);
        FabricSpec merged = base.overriddenBy(cli);
        if (spec != null) {
            checkFileFieldsApply(base, merged);
        }
        return merged;
    }

    /**
     * A field of the spec file that the merged topology does not read is reported in the file's terms (its key and
     * {@code key: value}), not as the option the user did not type; the options' own fields are checked by the
     * fabric factory as it builds.
     */
    private void checkFileFieldsApply(FabricSpec file, FabricSpec merged) {
        String topo =
                merged.topology() == null ? "rail-fat-tree" : merged.topology().toLowerCase(java.util.Locale.ROOT);
        if (!dev.nearlight.fabric.spec.FabricFactory.TOPOLOGIES.contains(topo)) {
            return; // the factory names the unknown topology
        }
        try {
            dev.nearlight.fabric.spec.FabricFactory.checkApplies(file, topo);
        } catch (InputException e) {
            if (e.field() == null) {
                throw e;
            }
            InputException.Vocabulary keys = new InputException.Vocabulary() {
                @Override
                public String name(String field) {
                    return FabricSpec.fileKey(field);
                }

                @Override
                public String setting(String field, String value) {
                    return name(field) + ": " + value;
                }
            };
            throw new InputException(
                    spec + ": " + keys.name(e.field()) + ": " + e.problem() + " (" + e.fix(keys) + ")");
        }
    }
}
