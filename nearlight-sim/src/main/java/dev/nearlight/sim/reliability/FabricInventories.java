package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.bom.LinkClassRollup;
import dev.nearlight.fabric.bom.TierRollup;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the reliability {@link FabricInventory} from a real fabric ({@link FabricReport}), so that {@code nearlight
 * reliability} counts the same switches and links as {@code nearlight fabric}. Fat trees (rail-optimized or not) only:
 * switch tiers {@code leaf}, {@code spine}, {@code core}; link classes {@code nodeLeaf} (host-facing), {@code
 * leafSpine}, {@code spineCore}. Scale-up (NVLink-like) switches and links are not part of the inventory.
 */
public final class FabricInventories {
    /** Link class name to (inventory link-tier name, upper switch tier name). */
    private static final Map<String, String[]> CLASSES = Map.of(
            "nodeLeaf", new String[] {"nic-leaf", "leaf"},
            "leafSpine", new String[] {"leaf-spine", "spine"},
            "spineCore", new String[] {"spine-core", "core"});

    private static final List<String> TIERS = List.of("leaf", "spine", "core");

    private FabricInventories() {}

    /**
     * The inventory of a fat-tree fabric report with the counts of the report (switches, ports per switch, host ports,
     * links per link class, rates, mean lengths) and pluggable modules in cages everywhere (the defaults' {@code
     * pluggable} preset); {@link DefaultClusterFactory#withOptics} re-dresses it with another technology.
     *
     * @throws InputException when the fabric is not a fat tree (names the topology and the fix)
     */
    public static FabricInventory from(FabricReport r) {
        if (!r.topology().contains("fat-tree")) {
            throw new InputException("--topology " + r.topology()
                    + " is not supported by reliability yet: use rail-fat-tree or fat-tree");
        }
        String module = ReliabilityDefaults.load().technology("pluggable").catalogue();
        double rate = 0;
        for (LinkClassRollup c : r.linkClasses()) {
            if ("nodeLeaf".equals(c.name())) {
                rate = c.rateGbps();
            }
        }
        if (!(rate > 0)) {
            throw new IllegalStateException("fat tree without a nodeLeaf link class");
        }
        List<FabricInventory.SwitchTier> sw = new ArrayList<>();
        for (String name : TIERS) {
            TierRollup t = tier(r, name);
            if (t == null || t.switches() == 0) {
                continue;
            }
            int ports = (int) ((t.portsUsed() + t.portsFree()) / t.switches());
            int hostPorts = "leaf".equals(name) ? (int) Math.ceil((double) t.linksDown() / t.switches()) : 0;
            sw.add(FabricInventory.SwitchTier.withCages(name, Math.toIntExact(t.switches()), ports, rate, hostPorts));
        }
        List<FabricInventory.LinkTier> links = new ArrayList<>();
        for (LinkClassRollup c : r.linkClasses()) {
            String[] m = CLASSES.get(c.name());
            if (m == null) {
                continue; // scale-up links
            }
            int upper = -1;
            for (int i = 0; i < sw.size(); i++) {
                if (sw.get(i).name().equals(m[1])) {
                    upper = i;
                }
            }
            if (upper < 0) {
                throw new IllegalStateException("link class " + c.name() + " without a " + m[1] + " tier");
            }
            FabricInventory.LinkEnd end = new FabricInventory.LinkEnd(module, FabricInventory.EndPart.MODULE);
            links.add(new FabricInventory.LinkTier(
                    m[0],
                    c.links(),
                    "nodeLeaf".equals(c.name()),
                    upper,
                    FabricInventory.Medium.OPTICAL,
                    c.rateGbps(),
                    c.meanLengthM(),
                    end,
                    end));
        }
        if (r.nodes() <= 0 || r.gpus() % r.nodes() != 0) {
            throw new IllegalStateException("fabric with " + r.gpus() + " GPUs on " + r.nodes() + " nodes");
        }
        return new FabricInventory(
                r.gpus(),
                r.topology().startsWith("rail"),
                FabricInventory.Node.withCages(r.gpus() / r.nodes()),
                sw,
                links);
    }

    /** Builds the fabric a spec describes with the core catalogue's link model and rolls it up (no diameter). */
    public static FabricReport report(FabricSpec spec, Catalogue catalogue) {
        CatalogueLinkEvaluator evaluator = new CatalogueLinkEvaluator(catalogue);
        Fabric f = new FabricFactory(evaluator, catalogue).build(spec);
        LinkPlanner planner = new LinkPlanner(evaluator);
        return new FabricRollup(planner).rollup(f, planner.plan(f), 0);
    }

    /**
     * The inventory of a rail-optimized fat tree built by the fabric module: {@code gpus} GPUs, {@code gpusPerNode} per
     * node, switches of {@code radix} ports, {@code tiers} tiers, 1.6T ports, pluggable modules.
     */
    public static FabricInventory railFatTree(int gpus, int gpusPerNode, int radix, int tiers) {
        return railFatTree(gpus, gpusPerNode, radix, tiers, "1.6T");
    }

    /** As {@link #railFatTree(int, int, int, int)} at port rate {@code rate} (e.g. {@code 400G}). */
    public static FabricInventory railFatTree(int gpus, int gpusPerNode, int radix, int tiers, String rate) {
        FabricSpec s = FabricSpec.empty()
                .overriddenBy(new FabricSpec(
                        "rail-fat-tree",
                        gpus,
                        gpusPerNode,
                        null,
                        radix,
                        null,
                        rate,
                        tiers,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        return from(report(s, Catalogue.defaults()));
    }

    private static TierRollup tier(FabricReport r, String name) {
        for (TierRollup t : r.tiers()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
