package dev.nearlight.fabric.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.bom.FabricRollup;
import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.fabric.spec.FabricSpecReader;
import org.junit.jupiter.api.Test;

class LinkPlannerTest {
    static final CatalogueLinkEvaluator CATALOGUE = new CatalogueLinkEvaluator(Catalogue.defaults());

    @Test
    void defaultTableQuoteByHand() {
        LinkQuote q = new DefaultLinkEvaluator().quote("pluggable-dsp", 800, 10);
        // 2 ends x 18.5 pJ/bit x 800 Gb/s = 29.6 W; SerDes 2 x 2.5 x 0.8 = 4 W
        assertThat(q.opticsPowerW()).isCloseTo(29.6, within(1e-9));
        assertThat(q.hostSerdesPowerW()).isCloseTo(4.0, within(1e-9));
        // 4.9 ns/m x 10 m + 2 x 50 ns + 120 ns KP4
        assertThat(q.latencyNs()).isCloseTo(269.0, within(1e-9));
        // 2 x 1.5 $/Gbps x 800
        assertThat(q.costUsd()).isCloseTo(2400.0, within(1e-9));
        assertThat(q.transceivers()).isEqualTo(2);
        assertThat(q.fibres()).isEqualTo(16); // 8 x 100G lanes, a fibre each way
        LinkQuote cpo = new DefaultLinkEvaluator().quote("cpo", 1600, 10);
        // 2 ends x 1.6T / 6.4T engines; 2 x 1.6T / 3.2T per ELS module
        assertThat(cpo.opticalEngines()).isEqualTo(0.5);
        assertThat(cpo.externalLaserModules()).isEqualTo(1.0);
        assertThat(new DefaultLinkEvaluator().quote("dac", 800, 3).feasible()).isFalse();
    }

    @Test
    void catalogueEvaluatorQuotesRealPartsAndRefusesAbsentRates() {
        LinkQuote q800 = CATALOGUE.quote("npo", 800, 20);
        assertThat(q800.feasible()).isTrue();
        // 400G: the DR4 part itself (9 W module), not an 800G DR8 scaled per bit
        assertThat(CATALOGUE.technologyFor("pluggable-dsp", 400).id()).isEqualTo("pluggable-dsp-dr-400g");
        assertThat(CATALOGUE.technologyFor("cpo", 400).id()).isEqualTo("cpo-els-400g");
        // the Humboldt generation (integrated lasers) stays in the catalogue by its id
        assertThat(dev.nearlight.core.catalogue.Catalogue.defaults()
                        .technology("cpo-400g")
                        .lasersPerEnd())
                .isEqualTo(4);
        assertThat(CATALOGUE.technologyFor("cpo", 800).id()).isEqualTo("cpo-els-800g");
        LinkQuote dr4 = CATALOGUE.quote("pluggable-dsp", 400, 20);
        LinkQuote dr8 = CATALOGUE.quote("pluggable-dsp", 800, 20);
        assertThat(dr4.transceivers()).isEqualTo(2);
        assertThat(dr4.fibres()).isEqualTo(8); // 4 lanes x 2 directions
        assertThat(dr4.opticsPowerW()).isGreaterThan(dr8.opticsPowerW() / 2);
        // 2 x 550 USD modules + 20 m x 3 USD/m of MPO trunk
        assertThat(dr4.costUsd()).isCloseTo(2 * 550 + 20 * 3, within(1e-9));
        assertThatThrownBy(() -> CATALOGUE.quote("lro", 400, 20))
                .isInstanceOf(InputException.class)
                .hasMessage("rate: the catalogue has no lro part at 400G (it has 800G, 1.6T, 3.2T) (use one of those"
                        + " rates for --rate or add a technologies entry for lro at 400G in a file given with"
                        + " --catalogue FILE)");
        assertThat(CATALOGUE.offers("acc", 400)).isFalse();
        assertThat(CATALOGUE.copperTechnologies(false, 400)).containsExactly("dac", "aec");
        // NPO beats the DSP pluggable on optics power at the same rate and length
        assertThat(q800.opticsPowerW())
                .isLessThan(CATALOGUE.quote("pluggable-dsp", 800, 20).opticsPowerW());
        assertThat(CATALOGUE.technologyIds()).contains("dac", "aec", "pluggable-dsp", "lpo", "lro", "npo", "cpo");
    }

    @Test
    void plannerUsesCopperOnlyWhereItCloses() {
        // 8-GPU scale-up domains inside one node: links inside the rack are short enough for DAC
        Fabric f = new FabricFactory(CATALOGUE, Catalogue.defaults())
                .build(FabricSpecReader.parse(
                        "gpus: 1024\nrate: 800G\nscaleUpDomain: 8\nscaleUpSwitchRadix: 64\n", "t.yaml"));
        FabricReport r = new FabricRollup(new LinkPlanner(CATALOGUE)).rollup(f);
        assertThat(r.infeasibleLinks()).isZero();
        assertThat(r.linkClasses().get(2).linksByMedium()).containsOnlyKeys("copper");
        // node-leaf links run 4.6-13 m between racks: beyond AEC reach they must be optical, and every copper link
        // chosen is within its technology's reach and closes in the physical model
        assertThat(r.linkClasses().get(0).linksByMedium()).containsKey("optical");
        LinkPlanner.PlannedLinks plan = new LinkPlanner(CATALOGUE).plan(f);
        for (int l = 0; l < f.linkCount(); l++) {
            LinkQuote q = plan.quote(l);
            assertThat(q.feasible()).isTrue();
            if (q.medium().equals("copper")) {
                assertThat(f.lengthM(l)).isLessThanOrEqualTo(CATALOGUE.reachM(q.technologyId(), 800));
            } else if (f.lengthM(l) <= 1.5) {
                throw new AssertionError("a link of " + f.lengthM(l) + " m went optical although DAC reaches it");
            }
        }
        FabricInvariants.check(f);
    }

    @Test
    void unknownOpticsAndSwitchSayWhatFits() {
        FabricFactory ff = new FabricFactory(CATALOGUE, Catalogue.defaults());
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse("gpus: 64\noptics: xpo\n", "t.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use one of pluggable");
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse("gpus: 64\nswitchId: b200\n", "t.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not a switch; use one of switch-25.6t, switch-51.2t, switch-102.4t");
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse("gpus: 64\ngpuId: switch-51.2t\n", "t.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not a GPU; use one of a100, h100, h200, b200, gb200");
        // b200: 7200 Gb/s scale-up = 900 GB/s over 18 ports = 400 Gb/s per port
        Fabric su = ff.build(FabricSpecReader.parse(
                "gpus: 1024\ngpuId: b200\nscaleUpDomain: 8\nscaleUpSwitchRadix: 64\n", "t.yaml"));
        assertThat(su.linkClasses().get(su.classIndex("scaleUp")).rateGbps()).isEqualTo(400.0);
        // a 51.2T ASIC feeds 64 x 800G ports
        Fabric f = ff.build(FabricSpecReader.parse("gpus: 2048\nswitchId: switch-51.2t\nrate: 800G\n", "t.yaml"));
        assertThat(f.switchModels().values().iterator().next().radix()).isEqualTo(64);
        assertThatThrownBy(() -> ff.build(FabricSpecReader.parse(
                        "gpus: 64\nswitchId: switch-51.2t\nrate: 800G\nswitchRadix: 128\n", "t")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("use --switch-radix <= 64");
    }
}
