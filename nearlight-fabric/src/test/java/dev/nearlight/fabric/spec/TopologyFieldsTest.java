package dev.nearlight.fabric.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.link.DefaultLinkEvaluator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * A field that only one topology's builder reads is refused on every other topology, with the field named and the two
 * ways out: setting torus dimensions on a fat tree used to build the fat tree and print it as if asked for.
 */
class TopologyFieldsTest {
    /** Each topology-specific field as a spec file writes it, with a valid value, and the topology that reads it. */
    private static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("tiers: 3", "rail-fat-tree"),
            Map.entry("oversubscription: 2", "rail-fat-tree"),
            Map.entry("nodesPerUnit: 16", "fat-tree"),
            Map.entry("scaleUpDomain: 8", "rail-fat-tree"),
            Map.entry("scaleUpPorts: 18", "fat-tree"),
            Map.entry("scaleUpBandwidthGBps: 900", "rail-fat-tree"),
            Map.entry("scaleUpSwitchRadix: 72", "rail-fat-tree"),
            Map.entry("scaleUpOptics: npo", "fat-tree"),
            Map.entry("torusDims: 4x4x4", "torus"),
            Map.entry("groups: 9", "dragonfly"),
            Map.entry("routersPerGroup: 8", "dragonfly"),
            Map.entry("terminalsPerRouter: 8", "dragonfly"),
            Map.entry("globalPerRouter: 4", "dragonfly"),
            Map.entry("hosts: 16", "pcie"),
            Map.entry("hostsPerSwitch: 8", "pcie"),
            Map.entry("pcieLevels: 2", "pcie"),
            Map.entry("pcieGen: 6", "pcie"),
            Map.entry("pcieSwitchPorts: 32", "pcie"),
            Map.entry("gpuPools: 2", "pcie"),
            Map.entry("memoryPools: 2", "pcie"),
            Map.entry("storagePools: 1", "pcie"));

    private static final List<String> TOPOLOGIES = FabricFactory.TOPOLOGIES;

    private static boolean reads(String owner, String topology) {
        boolean fat = topology.equals("rail-fat-tree") || topology.equals("fat-tree");
        return owner.equals(topology) || (fat && (owner.equals("rail-fat-tree") || owner.equals("fat-tree")));
    }

    @Test
    void everyTopologySpecificFieldIsRefusedElsewhereAndAcceptedAtHome() {
        RandomGenerator rng = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom")
                .create(20261204L);
        List<String> fields = OWNER.keySet().stream().sorted().toList();
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            String field = fields.get(rng.nextInt(fields.size()));
            String topology = TOPOLOGIES.get(rng.nextInt(TOPOLOGIES.size()));
            FabricSpec s = FabricSpecReader.parse("topology: " + topology + "\n" + field + "\n", "t.yaml");
            String key = field.substring(0, field.indexOf(':'));
            String name = key.equals("scaleUpBandwidthGBps")
                    ? "scaleUpBandwidth"
                    : key.equals("scaleUpSwitchRadix") ? "scaleUpRadix" : key;
            if (reads(OWNER.get(field), topology)) {
                assertThatCode(() -> FabricFactory.checkApplies(s, topology))
                        .as(field + " on " + topology)
                        .doesNotThrowAnyException();
            } else {
                refused++;
                assertThatThrownBy(() -> FabricFactory.checkApplies(s, topology))
                        .as(field + " on " + topology)
                        .isInstanceOfSatisfying(InputException.class, e -> {
                            assertThat(e.field()).isEqualTo(name);
                            assertThat(e.problem()).contains("but the topology is " + topology);
                            assertThat(e.fix(InputException.CLI)).contains("--topology");
                        });
            }
        }
        assertThat(refused).isGreaterThan(30);
    }

    @Test
    void theCommandLineReadsItsOwnOptionsAndAFileItsOwnKeys() {
        FabricFactory factory = new FabricFactory(new DefaultLinkEvaluator());
        FabricSpec torusOnFatTree = FabricSpecReader.parse("gpus: 1024\ntorusDims: 4x4x4\n", "t.yaml");
        assertThatThrownBy(() -> factory.build(torusOnFatTree))
                .hasMessage("torus-dims: 4x4x4 applies to a torus only, but the topology is rail-fat-tree (drop"
                        + " --torus-dims or set --topology torus)");
        // the scale-up bandwidth and radix are the model's scaleUpBandwidth / scaleUpRadix, as the options name them
        FabricSpec scaleUpOnPcie = FabricSpecReader.parse("topology: pcie\nscaleUpBandwidthGBps: 900\n", "t.yaml");
        assertThatThrownBy(() -> factory.build(scaleUpOnPcie)).isInstanceOfSatisfying(InputException.class, e -> {
            assertThat(e.field()).isEqualTo("scaleUpBandwidth");
            assertThat(e.getMessage()).contains("(drop --scale-up-bandwidth or set --topology rail-fat-tree)");
        });
        // at home the same fields build
        assertThat(factory.build(FabricSpecReader.parse("topology: torus\ngpus: 64\ntorusDims: 4x4x4\n", "t.yaml"))
                        .gpus())
                .isEqualTo(64);
    }
}
