package dev.nearlight.fabric.spec;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.EndpointType;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.device.NodeModel;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;
import dev.nearlight.fabric.link.LinkEvaluator;
import dev.nearlight.fabric.link.Technologies;
import dev.nearlight.fabric.topology.Common;
import dev.nearlight.fabric.topology.DragonflyBuilder;
import dev.nearlight.fabric.topology.FatTreeBuilder;
import dev.nearlight.fabric.topology.PcieFabricBuilder;
import dev.nearlight.fabric.topology.ScaleUpDomain;
import dev.nearlight.fabric.topology.TorusBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Resolves a {@link FabricSpec}'s defaults, validates ids and builds the fabric with the matching builder. */
public final class FabricFactory {
    /** Topology names accepted by {@code --topology}. */
    public static final List<String> TOPOLOGIES = List.of("rail-fat-tree", "fat-tree", "torus", "dragonfly", "pcie");

    private final LinkEvaluator evaluator;
    private final Catalogue catalogue;

    /** A factory resolving optics names against the evaluator's technologies, without a switch catalogue. */
    public FabricFactory(LinkEvaluator evaluator) {
        this(evaluator, null);
    }

    /** A factory that also resolves {@code switchId} against the catalogue's switch endpoints. */
    public FabricFactory(LinkEvaluator evaluator, Catalogue catalogue) {
        this.evaluator = evaluator;
        this.catalogue = catalogue;
    }

    /**
     * The switch a spec asks for: a catalogue switch endpoint (radix = its SerDes bandwidth / rate unless
     * {@code switchRadix} is given; its power and price plus the estimated box overhead) or a generic switch.
     */
    SwitchModel switchModel(FabricSpec s, double rate, OpticsPackaging pack) {
        if (s.switchId() == null) {
            return SwitchModel.generic(s.switchRadix() != null ? s.switchRadix() : 64, rate, pack);
        }
        if (catalogue == null) {
            throw new InputException("--switch " + s.switchId() + " needs the catalogue; use --switch-radix instead");
        }
        Endpoint e = catalogue.endpoint(s.switchId());
        if (e.type() != EndpointType.SWITCH) {
            throw new InputException("--switch " + s.switchId() + " is a " + e.type() + ", not a switch; use one of "
                    + String.join(
                            ", ",
                            catalogue.endpoints(EndpointType.SWITCH).stream()
                                    .map(Endpoint::id)
                                    .toList()));
        }
        int radix = s.switchRadix() != null ? s.switchRadix() : e.radixAt(rate);
        if (radix < 2 || radix > e.radixAt(rate)) {
            throw new InputException("--switch " + e.id() + " feeds " + e.radixAt(rate) + " ports at " + (int) rate
                    + "G; use --switch-radix <= " + e.radixAt(rate) + " or a lower --rate");
        }
        return new SwitchModel(
                e.id(), radix, rate, e.powerW().value(), e.costUsd().value(), SwitchModel.ETHERNET_LATENCY_NS, pack);
    }

    /** Parses a rate such as {@code 400G}, {@code 800g}, {@code 1.6T} or {@code 400} (Gb/s) into Gb/s. */
    public static double parseRateGbps(String text, String option) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        double mult = 1;
        if (t.endsWith("T")) {
            mult = 1000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("G")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * mult;
            if (!(v > 0)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputException(option + " '" + text + "' is not a rate; use e.g. 400G, 800G or 1.6T");
        }
    }

    /** The layout the spec describes. */
    public static Layout layout(FabricSpec s) {
        Layout d = Layout.defaults();
        FabricSpec.LayoutSpec l = s.layout();
        if (l == null) {
            return d;
        }
        return new Layout(
                l.rackWidthM() != null ? l.rackWidthM() : d.rackWidthM(),
                l.racksPerRow() != null ? l.racksPerRow() : d.racksPerRow(),
                l.rowPitchM() != null ? l.rowPitchM() : d.rowPitchM(),
                l.rackUnits() != null ? l.rackUnits() : d.rackUnits(),
                l.trayRiseM() != null ? l.trayRiseM() : d.trayRiseM(),
                l.slackM() != null ? l.slackM() : d.slackM(),
                l.nodesPerRack() != null ? l.nodesPerRack() : d.nodesPerRack(),
                l.switchesPerRack() != null ? l.switchesPerRack() : d.switchesPerRack());
    }

    /** Optics per link class ({@code "*"} = default), resolved to technology ids. */
    public Map<String, String> optics(FabricSpec s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("*", Technologies.resolve(s.optics() != null ? s.optics() : "pluggable", evaluator, "--optics"));
        if (s.opticsPerClass() != null) {
            s.opticsPerClass().forEach((k, v) -> m.put(k, Technologies.resolve(v, evaluator, "--optics " + k)));
        }
        return m;
    }

    /**
     * The part in the nodes' NIC ports: the spec's {@code nicOptics} resolved to an id, or the default pluggable.
     * A switch-only variant is refused (a NIC is not a switch).
     */
    public String nicOptics(FabricSpec s) {
        if (s.nicOptics() == null) {
            return NodeModel.DEFAULT_NIC_OPTICS;
        }
        String id = Technologies.resolve(s.nicOptics(), evaluator, "nicOptics");
        if (Technologies.switchOnly(id)) {
            throw new InputException("nicOptics '" + s.nicOptics() + "' is a switch-only variant; use a NIC part"
                    + " such as pluggable, lpo, lro (or npo/cpo for engines on the NIC)");
        }
        return id;
    }

    /** Builds the fabric a spec describes. */
    public Fabric build(FabricSpec s) {
        String topo = s.topology() != null ? s.topology().toLowerCase(Locale.ROOT) : "rail-fat-tree";
        if (!TOPOLOGIES.contains(topo)) {
            throw new InputException(
                    "--topology '" + s.topology() + "' is unknown; use one of " + String.join(", ", TOPOLOGIES));
        }
        checkApplies(s, topo);
        Layout layout = layout(s);
        int gpn = s.gpusPerNode() != null ? s.gpusPerNode() : 8;
        boolean rackGiven = s.layout() != null && s.layout().nodesPerRack() != null;
        if (!rackGiven && s.scaleUpDomain() != null && s.scaleUpDomain() > layout.nodesPerRack() * gpn) {
            // a scale-up domain larger than a default rack (e.g. NVL72) gets a rack of its own
            layout = layout.withNodesPerRack((s.scaleUpDomain() + gpn - 1) / gpn);
        }
        Map<String, String> optics = optics(s);
        boolean copper = s.copper() == null || s.copper();
        double rate = parseRateGbps(s.rate() != null ? s.rate() : "400G", "--rate");
        String main = optics.get("*");
        // nominal packaging of the spec's default optics; the BOM derives each tier's packaging from its links
        OpticsPackaging pack = evaluator.parts(Technologies.baseOf(main), rate).packaging();
        SwitchModel sw = switchModel(s, rate, pack);
        int radix = sw.radix();
        Common common = new Common(sw, layout, optics, copper);
        int gpus = s.gpus() != null ? s.gpus() : 0;
        switch (topo) {
            case "rail-fat-tree":
            case "fat-tree":
                return fatTree(s, topo.equals("rail-fat-tree"), common, gpus, radix);
            case "torus":
                if (s.torusDims() == null) {
                    throw new InputException("--topology torus needs --torus-dims, e.g. 16x16 or 8x8x8");
                }
                int gpusPerRack = layout.nodesPerRack() * (s.gpusPerNode() != null ? s.gpusPerNode() : 8);
                return new TorusBuilder(
                                TorusBuilder.parseDims(s.torusDims()),
                                rate,
                                Technologies.switchOnly(main) ? nicOptics(s) : main,
                                copper,
                                layout,
                                gpusPerRack)
                        .build(gpus);
            case "dragonfly":
                return new DragonflyBuilder(common)
                        .gpus(gpus)
                        .groups(nz(s.groups()))
                        .routersPerGroup(nz(s.routersPerGroup()))
                        .terminalsPerRouter(nz(s.terminalsPerRouter()))
                        .globalPerRouter(nz(s.globalPerRouter()))
                        .build();
            default:
                return new PcieFabricBuilder()
                        .hosts(s.hosts() != null ? s.hosts() : 16)
                        .hostsPerSwitch(s.hostsPerSwitch() != null ? s.hostsPerSwitch() : 8)
                        .levels(s.pcieLevels() != null ? s.pcieLevels() : 2)
                        .generation(s.pcieGen() != null ? s.pcieGen() : 6)
                        .switchPorts(s.pcieSwitchPorts() != null ? s.pcieSwitchPorts() : 32)
                        .pools(
                                s.gpuPools() != null ? s.gpuPools() : 2,
                                s.memoryPools() != null ? s.memoryPools() : 2,
                                s.storagePools() != null ? s.storagePools() : 1)
                        .layout(layout)
                        .optics(
                                s.opticsPerClass() != null && s.opticsPerClass().containsKey("pcie")
                                        ? Technologies.resolve(
                                                s.opticsPerClass().get("pcie"), evaluator, "--optics pcie")
                                        : "pcie-optical")
                        .build();
        }
    }

    /**
     * Refuses a field that the builder of {@code topo} would not read: torus dimensions on a fat tree, tiers on a
     * dragonfly, PCIe pools on a GPU fabric. Such a setting used to be dropped without a word, so the printed fabric
     * was not the one asked for. Fields are named as the model does ({@code scaleUpBandwidth}, {@code scaleUpRadix} for
     * the scale-up bandwidth and switch radix); each front end renders them in its own terms.
     */
    public static void checkApplies(FabricSpec s, String topo) {
        boolean fat = topo.equals("rail-fat-tree") || topo.equals("fat-tree");
        String[][] fatTree = {
            {"tiers", str(s.tiers())},
            {"oversubscription", str(s.oversubscription())},
            {"nodesPerUnit", str(s.nodesPerUnit())},
            {"scaleUpDomain", str(s.scaleUpDomain())},
            {"scaleUpPorts", str(s.scaleUpPorts())},
            {"scaleUpBandwidth", str(s.scaleUpBandwidthGBps())},
            {"scaleUpRadix", str(s.scaleUpSwitchRadix())},
            {"scaleUpOptics", s.scaleUpOptics()}
        };
        String[][] torus = {{"torusDims", s.torusDims()}};
        String[][] dragonfly = {
            {"groups", str(s.groups())},
            {"routersPerGroup", str(s.routersPerGroup())},
            {"terminalsPerRouter", str(s.terminalsPerRouter())},
            {"globalPerRouter", str(s.globalPerRouter())}
        };
        String[][] pcie = {
            {"hosts", str(s.hosts())},
            {"hostsPerSwitch", str(s.hostsPerSwitch())},
            {"pcieLevels", str(s.pcieLevels())},
            {"pcieGen", str(s.pcieGen())},
            {"pcieSwitchPorts", str(s.pcieSwitchPorts())},
            {"gpuPools", str(s.gpuPools())},
            {"memoryPools", str(s.memoryPools())},
            {"storagePools", str(s.storagePools())}
        };
        refuse(fatTree, !fat, "a fat tree", "rail-fat-tree", topo);
        refuse(torus, !topo.equals("torus"), "a torus", "torus", topo);
        refuse(dragonfly, !topo.equals("dragonfly"), "a dragonfly", "dragonfly", topo);
        refuse(pcie, !topo.equals("pcie"), "the PCIe pool fabric", "pcie", topo);
    }

    private static void refuse(String[][] fields, boolean refused, String owner, String ownerId, String topo) {
        if (!refused) {
            return;
        }
        for (String[] f : fields) {
            if (f[1] != null) {
                throw InputException.of(
                        f[0],
                        f[1] + " applies to " + owner + " only, but the topology is " + topo,
                        "drop {" + f[0] + "} or set {topology " + ownerId + "}");
            }
        }
    }

    private static String str(Object v) {
        return v == null ? null : v.toString();
    }

    private Fabric fatTree(FabricSpec s, boolean rail, Common common, int gpus, int radix) {
        if (s.gpuId() != null) {
            gpuScaleUpGBps(s); // validates the id
        }
        int g = s.gpusPerNode() != null ? s.gpusPerNode() : 8;
        if (g < 1) {
            throw new InputException("--gpus-per-node " + g + " must be >= 1");
        }
        double o = s.oversubscription() != null ? s.oversubscription() : 1;
        int tiers;
        if (s.tiers() != null) {
            tiers = s.tiers();
        } else {
            int d = (int) Math.floor(radix * o / (o + 1));
            int perLeaf = s.nodesPerUnit() != null && s.nodesPerUnit() > 0 ? s.nodesPerUnit() : d;
            long max2 = rail ? (long) (radix / g) * perLeaf * g : (long) radix * perLeaf;
            tiers = gpus <= max2 ? 2 : 3;
        }
        FatTreeBuilder b = new FatTreeBuilder(common)
                .gpus(gpus)
                .node(NodeModel.railPerGpu(g).withNicOptics(nicOptics(s)))
                .tiers(tiers)
                .oversubscription(o)
                .nodesPerUnit(nz(s.nodesPerUnit()))
                .railOptimized(rail);
        if (s.scaleUpDomain() != null && s.scaleUpDomain() > 0) {
            String suOptics = s.scaleUpOptics() != null
                    ? Technologies.resolve(s.scaleUpOptics(), evaluator, "--scale-up-optics")
                    : "npo";
            b.scaleUp(new ScaleUpDomain(
                    s.scaleUpDomain(),
                    s.scaleUpPorts() != null ? s.scaleUpPorts() : 18,
                    s.scaleUpBandwidthGBps() != null ? s.scaleUpBandwidthGBps() : gpuScaleUpGBps(s),
                    s.scaleUpSwitchRadix() != null ? s.scaleUpSwitchRadix() : 72,
                    suOptics,
                    s.copper() == null || s.copper()));
        }
        return b.build();
    }

    /** Scale-up GB/s per GPU per direction: the catalogue GPU's, or 900 (NVLink 5) without {@code gpuId}. */
    double gpuScaleUpGBps(FabricSpec s) {
        if (s.gpuId() == null) {
            return 900;
        }
        if (catalogue == null) {
            throw new InputException("--gpu " + s.gpuId() + " needs the catalogue; use --scale-up-bandwidth instead");
        }
        Endpoint e = catalogue.endpoint(s.gpuId());
        if (e.type() != EndpointType.GPU) {
            throw new InputException("--gpu " + s.gpuId() + " is a " + e.type() + ", not a GPU; use one of "
                    + String.join(
                            ", ",
                            catalogue.endpoints(EndpointType.GPU).stream()
                                    .map(Endpoint::id)
                                    .toList()));
        }
        if (!(e.scaleUpGbps().value() > 0)) {
            throw new InputException("--gpu " + e.id() + " has no scale-up bandwidth; give --scale-up-bandwidth");
        }
        return e.scaleUpGbps().value() / 8;
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }
}
