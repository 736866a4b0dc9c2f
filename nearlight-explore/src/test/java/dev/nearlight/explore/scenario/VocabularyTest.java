package dev.nearlight.explore.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.spec.FabricFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The scenario speaks the models' vocabulary: its ids are ids the models know. */
class VocabularyTest {
    @Test
    void everyScenarioTopologyIsATopologyTheFabricBuilderKnows() {
        assertThat(Arrays.stream(Topology.values()).map(Topology::id))
                .isSubsetOf(FabricFactory.TOPOLOGIES)
                .contains("rail-fat-tree", "fat-tree", "torus", "dragonfly");
    }

    @Test
    void moeTopKDefaultsToTheTrainingModelsDefault() {
        ModelSpec moe = new ModelSpec(4, 1024, null, 8, null, 32000, 8, null, null);
        assertThat(moe.topK()).isEqualTo(dev.nearlight.sim.train.ModelSpec.DEFAULT_TOP_K);
        ModelSpec dense = new ModelSpec(4, 1024, null, 8, null, 32000, null, null, null);
        assertThat(dense.topK()).isEqualTo(1);
    }
}
