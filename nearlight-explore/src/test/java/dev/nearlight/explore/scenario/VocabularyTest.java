package dev.nearlight.explore.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.fabric.spec.FabricFactory;
import dev.nearlight.sim.train.ModelSpec;
import org.junit.jupiter.api.Test;

/** The scenario speaks the models' vocabulary: its ids are ids the models know. */
class VocabularyTest {
    @Test
    void everyScenarioTopologyIsATopologyTheFabricBuilderKnows() {
        assertThat(FabricSpec.TOPOLOGIES)
                .isSubsetOf(FabricFactory.TOPOLOGIES)
                .contains("rail-fat-tree", "fat-tree", "torus", "dragonfly");
    }

    @Test
    void moeTopKDefaultsToTheTrainingModelsDefault() {
        ModelSpec moe = ModelSpec.custom(4, 1024, null, 8, null, 32000, 8, null, null);
        assertThat(moe.topK()).isEqualTo(ModelSpec.DEFAULT_TOP_K);
        ModelSpec dense = ModelSpec.custom(4, 1024, null, 8, null, 32000, null, null, null);
        assertThat(dense.topK()).isEqualTo(1);
    }
}
