package dev.nearlight.fabric.topology;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricBuilder;
import dev.nearlight.fabric.NodeKind;

/**
 * A dragonfly (Kim et al. 2008): {@code g} groups of {@code a} routers; each router has {@code p} GPU terminals,
 * {@code a-1} local links (the routers of a group are fully connected) and {@code h} global links. Each pair of
 * groups gets {@code floor(a h / (g-1))} global links, assigned to routers in order (router {@code port / h}), so
 * every group reaches every other directly. Needs {@code p + a - 1 + h <= radix} and {@code g - 1 <= a h}.
 * Defaults follow the balanced rule {@code a = 2p = 2h} from the radix. Bisection: links crossing between the first
 * and second half of the groups, plus nothing else (local links stay inside groups).
 */
public final class DragonflyBuilder {
    private final Common common;
    private int gpus;
    private int routersPerGroup;
    private int terminalsPerRouter;
    private int globalPerRouter;
    private int groups;

    /** Starts a builder with the shared parameters. */
    public DragonflyBuilder(Common common) {
        this.common = common;
    }

    /** GPUs; with the router shape it fixes the number of groups. */
    public DragonflyBuilder gpus(int n) {
        this.gpus = n;
        return this;
    }

    /** Groups (0 = from the GPU count). */
    public DragonflyBuilder groups(int g) {
        this.groups = g;
        return this;
    }

    /** Routers per group {@code a} (0 = balanced default). */
    public DragonflyBuilder routersPerGroup(int a) {
        this.routersPerGroup = a;
        return this;
    }

    /** GPU terminals per router {@code p} (0 = balanced default). */
    public DragonflyBuilder terminalsPerRouter(int p) {
        this.terminalsPerRouter = p;
        return this;
    }

    /** Global links per router {@code h} (0 = balanced default). */
    public DragonflyBuilder globalPerRouter(int h) {
        this.globalPerRouter = h;
        return this;
    }

    /** Validates and builds. */
    public Fabric build() {
        int k = common.switchModel().radix();
        int h = globalPerRouter > 0 ? globalPerRouter : Math.max(1, (k + 1) / 4);
        int p = terminalsPerRouter > 0 ? terminalsPerRouter : h;
        int a = routersPerGroup > 0 ? routersPerGroup : 2 * h;
        if (p + a - 1 + h > k) {
            throw InputException.of(
                    "routersPerGroup",
                    "dragonfly routers need p + a - 1 + h = " + p + " + " + (a - 1) + " + " + h + " = "
                            + (p + a - 1 + h) + " ports > radix " + k,
                    "lower {routersPerGroup}, {terminalsPerRouter} or {globalPerRouter}");
        }
        int perGroup = a * p;
        int g = groups;
        if (g == 0) {
            if (gpus < 1 || gpus % perGroup != 0) {
                throw InputException.of(
                        "gpus",
                        gpus + " is not a whole number of dragonfly groups of " + perGroup + " GPUs (" + a
                                + " routers x " + p + " terminals)",
                        "use a multiple of " + perGroup + " for {gpus}");
            }
            g = gpus / perGroup;
        } else if (gpus > 0 && gpus != g * perGroup) {
            throw InputException.of(
                    "gpus", gpus + " != " + g + " groups x " + perGroup + " GPUs", "use {gpus " + (g * perGroup) + "}");
        }
        if (g < 2) {
            throw InputException.of(
                    "gpus",
                    "a dragonfly needs at least 2 groups of " + perGroup + " GPUs",
                    "use {gpus} >= " + (2 * perGroup));
        }
        if (g - 1 > a * h) {
            throw new InputException("dragonfly with " + a + " routers x " + h + " global links per group connects at"
                    + " most " + (a * h + 1) + " groups = " + ((a * h + 1) * perGroup) + " GPUs; got " + g + " groups");
        }
        int perPair = a * h / (g - 1);
        FabricBuilder b = new FabricBuilder("dragonfly", common.layout());
        b.switchModel(NodeKind.LEAF, common.switchModel());
        int cTerm = b.linkClass(common.linkClass("nodeLeaf"));
        int cLocal = b.linkClass(common.linkClass("local"));
        int cGlobal = b.linkClass(common.linkClass("global"));
        b.counts(g * perGroup, 0);
        b.shape("groups", g)
                .shape("routersPerGroup", a)
                .shape("terminalsPerRouter", p)
                .shape("globalPerRouter", h)
                .shape("globalLinksPerGroupPair", perPair);
        int[][] routers = new int[g][a];
        int nodesPerRack = common.layout().nodesPerRack() * 8;
        for (int grp = 0; grp < g; grp++) {
            int rackR = b.newRack();
            for (int r = 0; r < a; r++) {
                if (r > 0 && r % common.layout().switchesPerRack() == 0) {
                    rackR = b.newRack();
                }
                routers[grp][r] =
                        b.addNode(NodeKind.LEAF, rackR, 1 + (r % common.layout().switchesPerRack()) * 2);
            }
            int rack = -1;
            int slot = 0;
            for (int r = 0; r < a; r++) {
                for (int t = 0; t < p; t++) {
                    if (slot % nodesPerRack == 0) {
                        rack = b.newRack();
                    }
                    int gv = b.addNode(NodeKind.GPU, rack, 1 + (slot % nodesPerRack) * 40 / nodesPerRack);
                    slot++;
                    b.addLink(gv, routers[grp][r], cTerm);
                }
            }
            for (int r = 0; r < a; r++) {
                for (int s = r + 1; s < a; s++) {
                    b.addLink(routers[grp][r], routers[grp][s], cLocal);
                }
            }
        }
        int[] nextPort = new int[g];
        long crossing = 0;
        for (int i = 0; i < g; i++) {
            for (int j = i + 1; j < g; j++) {
                for (int t = 0; t < perPair; t++) {
                    int ra = routers[i][nextPort[i]++ / h];
                    int rb = routers[j][nextPort[j]++ / h];
                    b.addLink(ra, rb, cGlobal);
                    if (i < g / 2 && j >= g / 2) {
                        crossing++;
                    }
                }
            }
        }
        double bis = Math.min((double) g * perGroup / 2, crossing)
                * common.switchModel().portRateGbps();
        double over = (double) p / h;
        return b.build(bis, Math.max(1, over));
    }
}
