package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogueParamsTest {
    private final Catalogue base = Catalogue.defaults();

    @Test
    void everyEntryKindExposesItsParamsByPath() {
        List<String> paths = base.paramPaths();
        assertThat(paths).contains("endpoints/h100/costUsd", "endpoints/h100/powerW");
        assertThat(paths).doesNotHaveDuplicates();
        assertThat(paths.stream().map(p -> p.substring(0, p.indexOf('/'))).distinct())
                .contains("technologies", "endpoints", "lasers", "serdes");
    }

    @Test
    void withParamSetsOneNumberAndLeavesTheOthers() {
        Catalogue c = base.withParam("endpoints/h100/costUsd", 12_345);
        assertThat(c.endpoint("h100").costUsd().value()).isEqualTo(12_345);
        assertThat(c.endpoint("h100").costUsd().min()).isEqualTo(12_345); // range widened below the catalogued 20,000
        assertThat(c.endpoint("h200").costUsd()).isEqualTo(base.endpoint("h200").costUsd());
        assertThat(c.param("endpoints/h100/costUsd").orElseThrow().value()).isEqualTo(12_345);
        assertThat(base.endpoint("h100").costUsd().value()).isEqualTo(25_000); // the original is untouched
    }

    @Test
    void unknownPathNamesTheClosest() {
        assertThatThrownBy(() -> base.withParam("endpoints/h100/costUSD", 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("endpoints/h100/costUsd");
    }

    @Test
    void aValueAnEntryRejectsFailsNamingTheEntry() {
        assertThatThrownBy(() -> base.withParam("technologies/dac-3.2t/reachM", 0.5))
                .hasMessageContaining("technologies/dac-3.2t")
                .hasMessageContaining("defaultReachM");
    }

    @Test
    void identityMappingKeepsEveryEntry() {
        Catalogue c = base.mapParams((p, param) -> param);
        for (CatalogueKind k : CatalogueKind.values()) {
            assertThat(c.entries(k)).containsExactlyElementsOf(base.entries(k));
        }
    }

    @Test
    void everyParamCanBeMovedAnywhereInItsRange() {
        // seeded property: each param at a random point of its own [min, max] is accepted by every entry, except a
        // technology's reach, which bounds its default reach (a design limit, not an uncertain number)
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            Catalogue c = base.mapParams((p, param) -> p.endsWith("/reachM")
                    ? param
                    : param.withValue(param.min() + rng.nextDouble() * (param.max() - param.min())));
            for (String path : c.paramPaths()) {
                Param q = c.param(path).orElseThrow();
                Param orig = base.param(path).orElseThrow();
                assertThat(q.value()).isBetween(orig.min(), orig.max());
            }
        }
    }
}
