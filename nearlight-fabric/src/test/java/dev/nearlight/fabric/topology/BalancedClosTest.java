package dev.nearlight.fabric.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.core.InputException;
import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.device.NodeModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Balanced Clos: every lower switch reaches every upper switch of its group with the same number of links (NVIDIA
 * DGX SuperPOD reference architecture; Meta, SIGCOMM 2024).
 */
class BalancedClosTest {
    @Test
    void sixUnitsRoundTheSpinesUpToADivisorOfTheUplinks() {
        // radix 64, 6 SUs x 8 rails = 48 leaves of 32 uplinks: ceil(48 x 32 / 64) = 24 spines would give some leaves
        // 2 links and others 1 to a spine; 24 does not divide 32, so 32 spines, 1 link from every leaf to each;
        // spine ports used 48, free 32 x (64 - 48) = 512
        Fabric f = FatTreeBuilderTest.rail(64, 400)
                .gpus(6 * 256)
                .node(NodeModel.railPerGpu(8))
                .build();
        FabricReport r = FabricInvariants.check(f);
        assertThat(f.count(NodeKind.SPINE)).isEqualTo(32);
        assertThat(r.tiers().get(1).portsUsed()).isEqualTo(48 * 32);
        assertThat(r.tiers().get(1).portsFree()).isEqualTo(512);
        assertBalanced(f);
        assertThat(FatTreeBuilder.balancedUppers(32, 24)).isEqualTo(32);
        assertThat(FatTreeBuilder.balancedUppers(32, 5)).isEqualTo(8);
        assertThat(FatTreeBuilder.balancedUppers(32, 16)).isEqualTo(16);
        assertThat(FatTreeBuilder.balancedUppers(12, 5)).isEqualTo(6);
    }

    @Test
    void dgxSuperPodTableCounts() {
        // DGX SuperPOD B200 RA switch table (radix 64, 400G, 8 rails): 16 SU = 4096 GPUs -> 128 leaf, 128 spine,
        // 64 core; 64 SU = 16384 GPUs -> 512, 512, 256
        Fabric f = FatTreeBuilderTest.rail(64, 400).gpus(4096).tiers(3).build();
        assertThat(f.count(NodeKind.LEAF)).isEqualTo(128);
        assertThat(f.count(NodeKind.SPINE)).isEqualTo(128);
        assertThat(f.count(NodeKind.CORE)).isEqualTo(64);
        assertBalanced(f);
    }

    static Stream<Arguments> trees() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(5L);
        int[] radices = {8, 12, 16, 24, 32, 48, 64};
        int[] perNode = {1, 2, 4, 8};
        double[] overs = {1, 1, 1, 3};
        List<Arguments> out = new ArrayList<>();
        while (out.size() < 30) {
            int k = radices[rng.nextInt(radices.length)];
            int g = perNode[rng.nextInt(perNode.length)];
            if (g > k / 2) {
                continue;
            }
            int tiers = 2 + rng.nextInt(2);
            boolean rail = rng.nextBoolean();
            int nodes = 1 + rng.nextInt(tiers == 2 ? 64 : 512);
            out.add(Arguments.of(k, g, tiers, rail, overs[rng.nextInt(overs.length)], nodes * g));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("trees")
    void everyLowerSwitchReachesEachUpperOfItsGroupEqually(
            int radix, int gpusPerNode, int tiers, boolean rail, double oversubscription, int gpus) {
        Fabric f;
        try {
            f = FatTreeBuilderTest.rail(radix, 400)
                    .gpus(gpus)
                    .node(NodeModel.railPerGpu(gpusPerNode))
                    .tiers(tiers)
                    .railOptimized(rail)
                    .oversubscription(oversubscription)
                    .build();
        } catch (InputException tooBig) {
            assertThat(tooBig.getMessage()).containsAnyOf("--tiers 3", "larger --switch-radix", "rails per node");
            return;
        }
        FabricReport r = FabricInvariants.check(f);
        assertBalanced(f);
        // the BOM's free ports are the radix the links leave over
        r.tiers().forEach(t -> assertThat(t.portsUsed() + t.portsFree()).isEqualTo(t.switches() * radix));
    }

    /** Every lower switch: the same number of links to each upper it reaches, and it reaches its whole group. */
    static void assertBalanced(Fabric f) {
        Map<Integer, Map<Integer, Integer>> up = new HashMap<>();
        for (int l = 0; l < f.linkCount(); l++) {
            int a = f.linkA(l);
            int b = f.linkB(l);
            int lo = rank(f.kind(a)) < rank(f.kind(b)) ? a : b;
            int hi = lo == a ? b : a;
            if (rank(f.kind(lo)) >= 1 && rank(f.kind(hi)) > rank(f.kind(lo))) {
                up.computeIfAbsent(lo, x -> new HashMap<>()).merge(hi, 1, Integer::sum);
            }
        }
        int spines = f.count(NodeKind.SPINE);
        int groupOfLeaf = f.shape().containsKey("spinesPerPod")
                ? f.shape().get("spinesPerPod").intValue()
                : spines;
        int groupOfSpine = f.shape().containsKey("coresPerGroup")
                ? f.shape().get("coresPerGroup").intValue()
                : 0;
        for (Map.Entry<Integer, Map<Integer, Integer>> e : up.entrySet()) {
            Set<Integer> counts = new HashSet<>(e.getValue().values());
            assertThat(counts)
                    .as("links from switch %d to each upper", e.getKey())
                    .hasSize(1);
            int group = f.kind(e.getKey()) == NodeKind.LEAF ? groupOfLeaf : groupOfSpine;
            assertThat(e.getValue()).as("uppers of switch %d", e.getKey()).hasSize(group);
        }
    }

    private static int rank(NodeKind k) {
        return switch (k) {
            case LEAF -> 1;
            case SPINE -> 2;
            case CORE -> 3;
            default -> 0;
        };
    }
}
