package dev.nearlight.explore.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.fabric.bom.TierRollup;
import dev.nearlight.fabric.spec.FabricSpec;
import dev.nearlight.fabric.spec.FabricSpecReader;
import dev.nearlight.sim.reliability.ClusterReliabilityModel;
import dev.nearlight.sim.reliability.ComponentPopulation;
import dev.nearlight.sim.reliability.DefaultClusterFactory;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.reliability.OpticsConditions;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import dev.nearlight.sim.reliability.Sensitivity;
import org.junit.jupiter.api.Test;

/** The cluster model's adapters read the bill of materials as it is: counts and prices from one place. */
class ClusterModelTest {
    private static ClusterModel build(String optics) {
        return build(optics, "800G");
    }

    private static ClusterModel build(String optics, String rate) {
        FabricSpec spec = FabricSpec.empty()
                .overriddenBy(FabricSpecReader.parse(
                        "gpus: 1024\ngpusPerNode: 8\nswitchRadix: 64\nrate: " + rate + "\ntiers: 2\noptics: " + optics
                                + "\ncopper: false\n",
                        "test.yaml"));
        return ClusterModel.build(spec, Catalogue.defaults());
    }

    @Test
    void reliabilityPartsEqualTheBillOfMaterials() {
        for (String optics : new String[] {"pluggable", "npo-switch", "cpo-switch", "cpo"}) {
            ClusterModel c = build(optics);
            FabricInventory inv = c.reliabilityInventory();
            assertThat(inv.totalSwitches())
                    .as(optics)
                    .isEqualTo(c.bom().switches().values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
            assertThat(inv.totalOpticalEngines()).as(optics).isEqualTo(c.bom().opticalEngines());
            assertThat(inv.totalLaserSources()).as(optics).isEqualTo(c.bom().externalLaserModules());
            assertThat(inv.totalLinks())
                    .as(optics)
                    .isEqualTo(c.bom().linkClasses().stream()
                            .mapToLong(l -> l.links())
                            .sum());
        }
    }

    @Test
    void aReplacedSwitchCostsTheBillOfMaterialsBoxPrice() {
        // 64 x 400G = 25.6T: the generic box is 100 k USD, half the reliability defaults' 51.2T figure
        ClusterModel c = build("pluggable", "400G");
        double box = c.bom().tiers().stream()
                .mapToDouble(TierRollup::switchUsd)
                .max()
                .orElseThrow();
        DefaultClusterFactory f = new DefaultClusterFactory(
                c.priced(ReliabilityDefaults.load()),
                new PhysicalLinkModel(Catalogue.defaults()),
                new OpticsConditions(c.portRateGbps(), null));
        FabricInventory inv = c.reliabilityInventory();
        ClusterReliabilityModel m = f.fromInventory("as-built", inv, f.defaultJob(inv), Sensitivity.NONE);
        int switchPops = 0;
        for (ComponentPopulation p : m.populations()) {
            if (p.name().endsWith("switches (non-optical faults)")) {
                switchPops++;
                assertThat(p.repair().partCostUsd()).as(p.name()).isCloseTo(box, within(1e-6));
            }
        }
        assertThat(switchPops).isPositive();
        // the reliability defaults' own figure is a different number: without the price book the two would disagree
        assertThat(ReliabilityDefaults.load().common("switchCostUsd")).isNotEqualTo(box);
    }

    private static ClusterModel railFatTree(int gpus, int tiers) {
        FabricSpec spec = FabricSpec.empty()
                .overriddenBy(FabricSpecReader.parse(
                        "topology: rail-fat-tree\ngpus: " + gpus
                                + "\ngpusPerNode: 8\nswitchRadix: 64\nrate: 1.6T\ntiers: " + tiers + "\n",
                        "test.yaml"));
        return ClusterModel.build(spec, Catalogue.defaults());
    }

    @Test
    void fatTreeCountsFor16kGpusAtRadix64() {
        FabricInventory inv = railFatTree(16384, 3).reliabilityInventory();
        // leaves = 2N/k = 512, spines = 512, cores = N/k = 256 ; N links per tier
        assertThat(inv.switchTiers())
                .extracting(FabricInventory.SwitchTier::switches)
                .containsExactly(512, 512, 256);
        assertThat(inv.totalLinks()).isEqualTo(3L * 16384);
        assertThat(inv.nodes()).isEqualTo(2048);
        // two tiers: 2048 GPUs on 64 leaves of 32 down ports, 32 spines of 64 ports
        FabricInventory two = railFatTree(2048, 2).reliabilityInventory();
        assertThat(two.switchTiers())
                .extracting(FabricInventory.SwitchTier::switches)
                .containsExactly(64, 32);
        assertThat(two.switchTiers().get(0).hostPorts()).isEqualTo(32);
        assertThatThrownBy(() -> railFatTree(16384, 2))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("gpus: 16384 GPUs need 512 leaves but 2 tiers of radix 64")
                .hasMessageContaining("use --tiers 3");
    }

    @Test
    void aModuleAndAnEngineHaveOnePriceInTheBomAndTheRepairs() {
        // the BOM quotes each end with the evaluator's parts (EndParts: port price of a module, engine price of an
        // engine) and each switch box once (TierRollup.switchUsd); the reliability repairs replace the same parts at
        // the same prices: an NPO engine is its own FRU, a CPO engine takes the switch with its engines
        for (String optics : new String[] {"npo-switch", "cpo-switch"}) {
            ClusterModel c = build(optics, "800G");
            DefaultClusterFactory f = new DefaultClusterFactory(
                    c.priced(ReliabilityDefaults.load()),
                    new PhysicalLinkModel(Catalogue.defaults()),
                    new OpticsConditions(c.portRateGbps(), null));
            FabricInventory inv = c.reliabilityInventory();
            ClusterReliabilityModel m = f.fromInventory(optics, inv, f.defaultJob(inv), Sensitivity.NONE);
            var module = c.linkEvaluator().parts("pluggable-dsp", 800);
            var engine = c.linkEvaluator().parts(optics.replace("-switch", ""), 800);
            TierRollup leaf = c.bom().tiers().get(0);
            assertThat(leaf.name()).isEqualTo("leaf");
            double cpoSwitch = leaf.switchUsd() + leaf.enginesPerSwitch() * engine.engineUsd();
            int checked = 0;
            for (ComponentPopulation p : m.populations()) {
                double want = Double.NaN;
                if (p.name().endsWith("modules")) {
                    want = module.portUsd();
                } else if (p.name().startsWith("leaf") && p.name().contains(" engines")) {
                    want = optics.startsWith("cpo") ? cpoSwitch : engine.engineUsd();
                }
                if (!Double.isNaN(want)) {
                    assertThat(p.repair().partCostUsd())
                            .as(optics + " " + p.name())
                            .isCloseTo(want, within(1e-6));
                    checked++;
                }
            }
            assertThat(checked).as(optics).isGreaterThanOrEqualTo(3);
        }
    }
}
