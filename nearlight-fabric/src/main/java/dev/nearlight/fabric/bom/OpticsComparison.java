package dev.nearlight.fabric.bom;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.link.LinkPlanner;
import java.util.ArrayList;
import java.util.List;

/**
 * The same fabric rolled up with each optics technology in turn, side by side: the technology replaces the optics of
 * the chosen link classes (all Ethernet-class ones by default); copper stays where it reaches.
 */
public final class OpticsComparison {
    private OpticsComparison() {}

    /**
     * One column of the comparison.
     *
     * @param optics technology id applied
     * @param report the full roll-up with that technology
     */
    public record Column(String optics, FabricReport report) {}

    /**
     * Rolls the fabric up once per technology.
     *
     * @param classes link class names to vary (empty = every non-PCIe class)
     */
    public static List<Column> compare(Fabric f, LinkPlanner planner, List<String> technologies, List<String> classes) {
        FabricRollup rollup = new FabricRollup(planner);
        FabricReport base = rollup.rollup(f);
        List<Column> out = new ArrayList<>();
        for (String tech : technologies) {
            List<LinkClass> lc = new ArrayList<>();
            for (LinkClass c : f.linkClasses()) {
                boolean vary = !c.pcie() && (classes.isEmpty() || classes.contains(c.name()));
                lc.add(vary ? c.withOptics(tech) : c);
            }
            Fabric g = f.withLinkClasses(lc);
            out.add(new Column(tech, rollup.rollup(g, planner.plan(g), base.diameterHops())));
        }
        return out;
    }
}
