package dev.nearlight.fabric.bom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.NodeModel;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.DefaultLinkEvaluator;
import dev.nearlight.fabric.link.EndParts;
import dev.nearlight.fabric.link.LinkEvaluator;
import dev.nearlight.fabric.link.LinkPlanner;
import dev.nearlight.fabric.link.LinkQuote;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.fabric.topology.Common;
import dev.nearlight.fabric.topology.FatTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Engines and laser sources sized by switch bandwidth, per-end parts, and no copper at engine ends. */
class EngineBomTest {
    static final DefaultLinkEvaluator TABLE = new DefaultLinkEvaluator();
    static final Catalogue CAT = Catalogue.defaults();
    static final CatalogueLinkEvaluator CATALOGUE = new CatalogueLinkEvaluator(CAT);

    static FabricReport rollup(LinkEvaluator ev, Fabric f) {
        return new FabricRollup(new LinkPlanner(ev)).rollup(f);
    }

    static Fabric fatTree(int radix, double rate, Map<String, String> optics, int gpus) {
        Common c = new Common(
                SwitchModel.generic(radix, rate, OpticsPackaging.PLUGGABLE), Layout.defaults(), optics, true);
        return new FatTreeBuilder(c).gpus(gpus).node(NodeModel.railPerGpu(8)).build();
    }

    static TierRollup tier(FabricReport r, String name) {
        return r.tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void enginesPerSwitchAreTheSwitchBandwidthOverTheEngineBandwidth() {
        // the section-10 table: CPO engine 6.4 Tb/s, one ELS per 3.2 Tb/s (ELS per port = rate / 3200)
        // 64 x 400G = 25.6 Tb/s -> 25.6 / 6.4 = 4 engines, 64 x 400 / 3200 = 8 ELS per switch
        FabricReport r400 = rollup(TABLE, fatTree(64, 400, Map.of("*", "cpo-switch"), 1024));
        for (String t : List.of("leaf", "spine")) {
            TierRollup x = tier(r400, t);
            assertThat(x.packaging()).isEqualTo("cpo");
            assertThat(x.enginePortsPerSwitch()).isEqualTo(64);
            assertThat(x.engineGbps()).isEqualTo(6400.0);
            assertThat(x.enginesPerSwitch()).isEqualTo(4);
            assertThat(x.laserSourcesPerSwitch()).isEqualTo(8);
            assertThat(x.transceivers()).isZero();
            assertThat(x.copperCableEnds()).isEmpty();
        }
        // 32 leaves + 16 spines, 4 engines and 8 ELS each; the 1024 NICs ship one pluggable each
        assertThat(r400.opticalEngines()).isEqualTo(48 * 4);
        assertThat(r400.externalLaserModules()).isEqualTo(48 * 8);
        assertThat(r400.transceivers()).isEqualTo(1024);
        // 64 x 800G = 51.2 Tb/s -> 8 engines (TH5-Bailly), 64 x 800 / 3200 = 16 ELS
        FabricReport r800 = rollup(TABLE, fatTree(64, 800, Map.of("*", "cpo-switch"), 1024));
        assertThat(tier(r800, "leaf").enginesPerSwitch()).isEqualTo(8);
        assertThat(tier(r800, "leaf").laserSourcesPerSwitch()).isEqualTo(16);
        // NPO, 3.2 Tb/s engines: 25.6 / 3.2 = 8 per switch, internal lasers
        FabricReport npo = rollup(TABLE, fatTree(64, 400, Map.of("*", "npo-switch"), 1024));
        assertThat(tier(npo, "spine").packaging()).isEqualTo("npo");
        assertThat(tier(npo, "spine").enginesPerSwitch()).isEqualTo(8);
        assertThat(tier(npo, "spine").laserSourcesPerSwitch()).isZero();
    }

    @Test
    void catalogueEnginesFollowTheCatalogueEngineBandwidth() {
        // cpo-els-800g: engineGbps 6400 (TH5-Bailly, 8 x 6.4T); 2 lasers per 800G end, 8 per ELS -> 0.25 ELS per port
        FabricReport r = rollup(CATALOGUE, fatTree(64, 800, Map.of("*", "cpo-switch"), 1024));
        assertThat(tier(r, "leaf").enginesPerSwitch()).isEqualTo(8);
        assertThat(tier(r, "leaf").laserSourcesPerSwitch()).isEqualTo(16);
        EndParts p = CATALOGUE.parts("cpo", 800);
        assertThat(p.engineGbps()).isEqualTo(6400.0);
        // one engine at the per-bit end price: 720 USD per 800G end -> 720 / 800 x 6400 = 5760 USD
        assertThat(p.engineUsd()).isCloseTo(5760, within(1e-6));
        assertThat(tier(r, "leaf").engineUsd()).isCloseTo(5760, within(1e-6));
        assertThat(tier(r, "leaf").elsUsd())
                .isEqualTo(CAT.laser("els-vhp").moduleCostUsd().value());
    }

    @Test
    void aHybridLeafCarriesEnginesForItsEngineSidePortsOnly() {
        // leaf: 32 down ports with cages (pluggable NIC links), 32 up ports on CPO engines:
        // 32 x 400G = 12.8 Tb/s / 6.4 Tb/s = 2 engines, 32 x 400 / 3200 = 4 ELS; spines are all-CPO: 4 and 8
        FabricReport r = rollup(TABLE, fatTree(64, 400, Map.of("*", "pluggable-dsp", "leafSpine", "cpo"), 1024));
        TierRollup leaf = tier(r, "leaf");
        assertThat(leaf.packaging()).isEqualTo("cages+cpo");
        assertThat(leaf.enginePortsPerSwitch()).isEqualTo(32);
        assertThat(leaf.enginesPerSwitch()).isEqualTo(2);
        assertThat(leaf.laserSourcesPerSwitch()).isEqualTo(4);
        assertThat(tier(r, "spine").packaging()).isEqualTo("cpo");
        assertThat(tier(r, "spine").enginesPerSwitch()).isEqualTo(4);
        assertThat(r.opticalEngines()).isEqualTo(32 * 2 + 16 * 4);
    }

    /**
     * The README example (16,384 H100, 3-tier rail fat tree of 64 x 400G switches). Before: CPO engines were a
     * per-link share (1 per 400G optical link, both ends) = 43,776, ELS 10,944. By hand now: 512 leaves + 512 spines +
     * 256 cores = 1,280 switches of 25.6 Tb/s, fully populated; CPO: 25.6 / 6.4 = 4 engines and 64 ports x 0.125 ELS
     * per 400G port (2 lasers per 800G end / 8 per module, per bit) = 8 ELS per switch -> 5,120 engines, 10,240 ELS;
     * NPO: 25.6 / 3.2 = 8 engines per switch -> 10,240, internal lasers. The NICs ship pluggables: 16,384 modules,
     * 8 per node; the leaf ends are engine ports, so no node-leaf link is copper.
     */
    @Test
    void readmeExampleCountsByHand() {
        FabricFactory ff = new FabricFactory(CATALOGUE, CAT);
        String base = "gpus: 16384\nswitchRadix: 64\nrate: 400G\ntiers: 3\n";
        Fabric cpo = ff.build(FabricSpecReader.parse(base + "optics: cpo-switch\n", "readme.yaml"));
        FabricReport r = rollup(CATALOGUE, cpo);
        assertThat(r.switches())
                .containsEntry("leaf", 512L)
                .containsEntry("spine", 512L)
                .containsEntry("core", 256L);
        // 400G CPO is the Bailly class (cpo-els-400g): 6.4T engines fed by external lasers, so a 64 x 400G = 25.6T
        // switch carries 25.6T / 6.4T = 4 engines, and its 64 ports x 1 laser share 8-channel ELS modules: 8 a switch
        assertThat(r.opticalEngines()).isEqualTo(1280 * 4);
        assertThat(r.externalLaserModules()).isEqualTo(1280 * 8);
        assertThat(r.transceivers()).isEqualTo(16384);
        assertThat(r.nicEnds().pluggableModules()).isEqualTo(16384);
        assertThat(r.nicEnds().modulesPerNode()).isEqualTo(8.0);
        assertThat(r.nicEnds().opticalEngines()).isZero();
        assertThat(r.nicEnds().portsByTechnology()).containsOnlyKeys("pluggable-dsp");
        assertThat(r.linkClasses().get(0).linksByMedium()).containsOnlyKeys("optical");
        assertThat(r.linkClasses().get(0).linksByTechnology()).containsOnlyKeys("cpo+pluggable-dsp");
        for (TierRollup t : r.tiers()) {
            assertThat(t.packaging()).isEqualTo("cpo");
            assertThat(t.portsFree()).isZero();
        }
        FabricReport npo =
                rollup(CATALOGUE, ff.build(FabricSpecReader.parse(base + "optics: npo-switch\n", "readme.yaml")));
        // 400G NPO is a COBO-class on-board module per port (npo-400g, engineGbps 400): 64 per switch
        assertThat(npo.opticalEngines()).isEqualTo(1280 * 64);
        assertThat(npo.externalLaserModules()).isZero();
        assertThat(npo.transceivers()).isEqualTo(16384);
        // plain cpo: the what-if with an engine on every NIC port too, ceil(400 / 6400) = 1 engine per NIC port
        FabricReport both = rollup(CATALOGUE, ff.build(FabricSpecReader.parse(base + "optics: cpo\n", "readme.yaml")));
        assertThat(both.nicEnds().opticalEngines()).isEqualTo(16384);
        assertThat(both.opticalEngines()).isEqualTo(1280 * 4 + 16384);
        // each NIC engine has its own ELS module (a module feeds one engine), 16,384 more
        assertThat(both.externalLaserModules()).isEqualTo(1280 * 8 + 16384);
        assertThat(both.transceivers()).isZero();
        // one capex: switch boxes + the tiers' and NICs' parts and media
        double sum = r.nicEnds().capexUsd();
        for (TierRollup t : r.tiers()) {
            sum += t.capexUsd();
        }
        assertThat(r.capexUsd()).isCloseTo(sum, within(1e-6 * sum));
    }

    @Test
    void theNicEndOfASwitchOnlyEngineIsWhatTheNodeShips() {
        Fabric f = fatTree(64, 400, Map.of("*", "npo-switch"), 512);
        LinkPlanner planner = new LinkPlanner(TABLE);
        LinkPlanner.PlannedLinks plan = planner.plan(f);
        int seen = 0;
        for (int l = 0; l < f.linkCount(); l++) {
            for (int e = 0; e < 2; e++) {
                int v = e == 0 ? f.linkA(l) : f.linkB(l);
                if (f.kind(v) == NodeKind.GPU) {
                    LinkQuote q = plan.endQuote(l, e);
                    assertThat(q.technologyId()).isEqualTo(NodeModel.DEFAULT_NIC_OPTICS);
                    assertThat(TABLE.parts(q.technologyId(), 400).kind()).isEqualTo(EndParts.Kind.PLUGGABLE);
                    seen++;
                }
            }
        }
        assertThat(seen).isEqualTo(512);
        // per end: the link's optics power is the NPO end's half plus the pluggable end's half (10.2 / 10.3)
        LinkQuote npo = TABLE.quote("npo", 400, 10);
        LinkQuote dsp = TABLE.quote("pluggable-dsp", 400, 10);
        LinkQuote mixed = LinkQuote.combine(npo, dsp);
        // 7 pJ/bit x 400 G + 18.5 pJ/bit x 400 G = 2.8 W + 7.4 W
        assertThat(mixed.opticsPowerW()).isCloseTo(2.8 + 7.4, within(1e-9));
        assertThat(mixed.transceivers()).isEqualTo(1);
        assertThat(mixed.opticalEngines()).isCloseTo(400.0 / 3200, within(1e-12));
        // a node spec can ship another NIC part; a switch-only variant is not a NIC part
        FabricFactory ff = new FabricFactory(TABLE);
        Fabric lpo = ff.build(
                FabricSpecReader.parse("gpus: 256\nrate: 400G\noptics: cpo-switch\nnicOptics: lpo\n", "nic.yaml"));
        assertThat(rollup(TABLE, lpo).nicEnds().portsByTechnology()).containsOnlyKeys("lpo");
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse("gpus: 256\nnicOptics: cpo-switch\n", "nic.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("switch-only");
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse("gpus: 256\noptics: lpo-switch\n", "o.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("only NPO/CPO engines");
    }

    static Stream<Arguments> randomSpecs() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(20261203L);
        String[] optics = {"pluggable", "lpo", "lro", "npo", "cpo", "npo-switch", "cpo-switch", "aec", "dac"};
        String[] rates = {"400G", "800G", "1.6T"};
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            StringBuilder y = new StringBuilder();
            boolean rail = rng.nextBoolean();
            y.append("topology: ").append(rail ? "rail-fat-tree" : "fat-tree").append('\n');
            y.append("gpus: ").append(8 * (1 + rng.nextInt(rail ? 256 : 64))).append('\n');
            y.append("switchRadix: ").append(rail ? 64 : 32).append('\n');
            y.append("rate: ").append(rates[rng.nextInt(rates.length)]).append('\n');
            y.append("tiers: ").append(2 + rng.nextInt(2)).append('\n');
            y.append("opticsPerClass: {");
            String[] cls = {"nodeLeaf", "leafSpine", "spineCore"};
            for (int c = 0; c < cls.length; c++) {
                y.append(c == 0 ? "" : ", ").append(cls[c]).append(": ").append(optics[rng.nextInt(optics.length)]);
            }
            y.append("}\n");
            out.add(Arguments.of(i, y.toString(), rng.nextBoolean()));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("randomSpecs")
    void noCopperEverSitsAtAnEngineEnd(int seed, String yaml, boolean catalogue) {
        LinkEvaluator ev = catalogue ? CATALOGUE : TABLE;
        Fabric f;
        try {
            f = new FabricFactory(ev, CAT).build(FabricSpecReader.parse(yaml, "random-" + seed + ".yaml"));
        } catch (InputException tooBig) {
            assertThat(tooBig.getMessage()).containsAnyOf("--tiers 3", "larger --switch-radix");
            return;
        }
        LinkPlanner planner = new LinkPlanner(ev);
        LinkPlanner.PlannedLinks plan = planner.plan(f);
        for (int l = 0; l < f.linkCount(); l++) {
            LinkQuote q = plan.quote(l);
            boolean engineEnd = false;
            for (int e = 0; e < 2; e++) {
                LinkQuote end = plan.endQuote(l, e);
                double rate = f.linkClasses().get(f.linkClass(l)).rateGbps();
                engineEnd |= ev.parts(end.technologyId(), rate).engine();
            }
            if (engineEnd) {
                assertThat(q.medium()).as("link %d (%s)", l, q.technologyId()).isEqualTo("optical");
            }
        }
        FabricReport r = new FabricRollup(planner).rollup(f, plan, 0);
        long engineEnds = 0;
        for (TierRollup t : r.tiers()) {
            if (t.packaging().equals("npo") || t.packaging().equals("cpo")) {
                // a fully populated engine switch: no cages, no copper, engines for the whole radix
                assertThat(t.copperCableEnds()).isEmpty();
                assertThat(t.transceivers()).isZero();
                assertThat(t.enginePortsPerSwitch()).isEqualTo(t.portsPerSwitch());
            }
            assertThat(t.enginesPerSwitch()).isEqualTo((int)
                    Math.ceil(t.enginePortsPerSwitch() * t.portRateGbps() / Math.max(1, t.engineGbps()) - 1e-9));
            assertThat(t.enginesPerSwitch() * t.engineGbps())
                    .isGreaterThanOrEqualTo(t.enginePortsPerSwitch() * t.portRateGbps());
            engineEnds += t.enginePortsPerSwitch() > 0 ? 1 : 0;
        }
        // copper cables are cables: never modules or engines
        for (LinkClassRollup c : r.linkClasses()) {
            long copper = c.linksByMedium().getOrDefault("copper", 0L);
            assertThat(c.copperCables().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(copper);
            assertThat(c.transceivers() + 2 * copper).isLessThanOrEqualTo(2 * c.links());
            assertThat(c.engineEnds() + 2 * copper).isLessThanOrEqualTo(2 * c.links());
        }
        assertThat(engineEnds).isLessThanOrEqualTo(r.tiers().size());
        // capex is the boxes plus every end's part and medium: without engines it equals the per-link costs
        double perLink =
                r.linkClasses().stream().mapToDouble(LinkClassRollup::costUsd).sum();
        if (r.opticalEngines() == 0) {
            assertThat(r.capexUsd()).isCloseTo(r.switchCapexUsd() + perLink, within(1e-6 * r.capexUsd()));
        } else {
            // whole engines per switch cover at least the engine shares the links carry
            assertThat(r.capexUsd()).isGreaterThanOrEqualTo(r.switchCapexUsd() + perLink - 1e-6 * r.capexUsd());
        }
    }
}
