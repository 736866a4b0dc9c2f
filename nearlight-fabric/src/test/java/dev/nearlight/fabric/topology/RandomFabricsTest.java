package dev.nearlight.fabric.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.FabricInvariants;
import dev.nearlight.fabric.bom.FabricReport;
import dev.nearlight.fabric.device.NodeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants over rail fat trees drawn from a seeded generator. */
class RandomFabricsTest {
    static Stream<Arguments> shapes() {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(20261124L);
        List<Arguments> out = new ArrayList<>();
        int[] radices = {8, 16, 32, 64};
        int[] perNode = {1, 2, 4, 8};
        while (out.size() < 24) {
            int k = radices[rng.nextInt(radices.length)];
            int g = perNode[rng.nextInt(perNode.length)];
            int tiers = 2 + rng.nextInt(2);
            int rails = g;
            if (rails > k / 2) {
                continue;
            }
            int d = k / 2;
            long max = tiers == 2 ? (long) (k / rails) * d * g : (long) k * ((k / 2) / rails) * d * g;
            long nodes = 1 + rng.nextLong(Math.min(max / g, 4096));
            out.add(Arguments.of(k, g, tiers, (int) (nodes * g)));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void nonBlockingRailFatTreesKeepTheInvariants(int radix, int gpusPerNode, int tiers, int gpus) {
        Fabric f = FatTreeBuilderTest.rail(radix, 400)
                .gpus(gpus)
                .node(NodeModel.railPerGpu(gpusPerNode))
                .tiers(tiers)
                .build();
        FabricReport r = FabricInvariants.check(f);
        // every GPU has exactly one scale-out link
        assertThat(r.cables().get("nodeLeaf")).isEqualTo(gpus);
        // non-blocking: full bisection, GPUs x rate / 2
        assertThat(r.bisectionTbps()).isCloseTo(gpus * 400.0 / 2 / 1000, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.oversubscription()).isEqualTo(1.0);
        // leaf uplinks equal leaf downlink capacity
        assertThat(r.tiers().get(0).linksUp()).isEqualTo(r.switches().get("leaf") * (radix - radix / 2));
    }
}
