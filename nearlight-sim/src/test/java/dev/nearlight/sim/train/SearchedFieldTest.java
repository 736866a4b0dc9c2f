package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SearchedFieldTest {
    @Test
    void firstGivenFollowsDeclarationOrder() {
        assertThat(SearchedField.firstGiven(f -> null)).isNull();
        assertThat(SearchedField.firstGiven(
                        f -> f == SearchedField.VPP || f == SearchedField.CPU_OFFLOAD_LAYERS ? 1 : null))
                .isEqualTo(SearchedField.VPP);
        assertThat(SearchedField.CPU_OFFLOAD_LAYERS.option()).isEqualTo("cpu-offload-layers");
        assertThat(SearchedField.CPU_OFFLOAD_LAYERS.key()).isEqualTo("cpuOffloadLayers");
    }

    /** Each spelling is the kebab-case / camelCase of the other, except Megatron-LM's two long flag names. */
    @Test
    void cliAndScenarioSpellingsNameTheSameField() {
        Arrays.stream(SearchedField.values())
                .filter(f -> !f.option().startsWith("account-for"))
                .forEach(f -> assertThat(f.option().replace("-", ""))
                        .isEqualTo(f.key().toLowerCase(java.util.Locale.ROOT)));
    }
}
