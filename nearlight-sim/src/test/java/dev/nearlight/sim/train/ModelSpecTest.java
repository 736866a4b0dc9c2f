package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
    @Test
    void fullRecomputationFlopsEqualMegatronSc21Formula() {
        // SC21 Table 1, 145.6B row: l=80, h=12288, s=2048, V=51200, B=2304.
        ModelSpec m = ModelSpec.gpt("145b", 80, 12288, 96, 2048, 51200);
        double b = 2304, s = 2048, l = 80, h = 12288, v = 51200;
        double expected = 96 * b * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h));
        assertThat(m.megatronFlopsPerIteration(2304, Recompute.FULL)).isCloseTo(expected, within(expected * 1e-12));
    }

    @Test
    void modelFlopsWithoutRecomputationEqualMegatronCoreFormula() {
        // Megatron-Core: 72 B s l h^2 (1 + s/(6h) + V/(12 l h)); 1.7B H100 row: l=24, h=2048, s=4096, V=131072, B=192.
        ModelSpec m = ModelSpec.gpt("1.7b", 24, 2048, 16, 4096, 131072);
        double b = 192, s = 4096, l = 24, h = 2048, v = 131072;
        double expected = 72 * b * s * l * h * h * (1 + s / (6 * h) + v / (12 * l * h));
        assertThat(m.modelFlopsPerIteration(192)).isCloseTo(expected, within(expected * 1e-12));
        assertThat(m.megatronFlopsPerIteration(192, Recompute.NONE)).isEqualTo(m.modelFlopsPerIteration(192));
    }

    @Test
    void selectiveRecomputationAddsOneAttentionCoreForward() {
        ModelSpec m = ModelSpec.gpt("x", 2, 1024, 8, 2048, 1000);
        // 4 s h per token per layer: 4 * 2048 * 1024 * 2 layers * (1 seq * 2048 tokens)
        double extra = 4.0 * 2048 * 1024 * 2 * 2048;
        assertThat(m.megatronFlopsPerIteration(1, Recompute.SELECTIVE) - m.modelFlopsPerIteration(1))
                .isCloseTo(extra, within(1.0));
    }

    @Test
    void presetParameterCountsMatchPublishedSizes() {
        // GPT-3 175B: 96 (12 h^2 + 2h) + V h = 174.57e9 (SC21 Table 2 lists 174.6B).
        assertThat(ModelSpec.preset("gpt3-175b").parameters()).isCloseTo(174.6e9, within(0.1e9));
        assertThat(ModelSpec.preset("llama3-8b").parameters()).isCloseTo(8.03e9, within(0.02e9));
        assertThat(ModelSpec.preset("llama3-70b").parameters()).isCloseTo(70.55e9, within(0.1e9));
        assertThat(ModelSpec.preset("llama3-405b").parameters()).isCloseTo(405.8e9, within(0.5e9));
        assertThat(ModelSpec.preset("mixtral-8x7b").parameters()).isCloseTo(46.7e9, within(0.1e9));
        assertThat(ModelSpec.preset("megatron-1t").parameters()).isCloseTo(1008e9, within(1e9));
    }

    @Test
    void unknownPresetAndBadShapesAreInputErrors() {
        assertThatThrownBy(() -> ModelSpec.preset("gpt5"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("llama3-70b");
        assertThatThrownBy(() -> ModelSpec.gpt("x", 2, 1000, 3, 128, 100))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("hidden");
    }
}
