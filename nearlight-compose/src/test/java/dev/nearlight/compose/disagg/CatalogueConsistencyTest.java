package dev.nearlight.compose.disagg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.catalogue.TechnologyFamily;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The disaggregation parameters and the core catalogue's PCIe/CXL technologies describe the same links; the figures
 * both hold (reach caps, line rate) must agree, so an edit to one file alone fails here.
 */
class CatalogueConsistencyTest {
    private final DisaggParameters p = DisaggParameters.defaults();
    private final Catalogue c = Catalogue.defaults();

    @Test
    void opticalReachCapEqualsTheCatalogueOpticalPcieReach() {
        long optical = c.technologies().stream()
                .filter(t -> t.family() == TechnologyFamily.PCIE_OPTICAL)
                .peek(t -> assertThat(t.reachM().value())
                        .as("%s reachM", t.id())
                        .isEqualTo(p.opticalReachM().value()))
                .count();
        assertThat(optical).isEqualTo(3);
    }

    @Test
    void copperReachAndLineRatePerGenerationMatchTheCatalogue() {
        Map<String, String> byGeneration = Map.of(
                "pcie5", "pcie5-x16-copprlink",
                "pcie6", "pcie6-x16-copprlink",
                "cxl3", "cxl-x16-optical");
        byGeneration.forEach((gen, techId) -> {
            DisaggParameters.Generation g = p.generations().get(gen);
            Technology t = c.technology(techId);
            // x16 raw line rate per direction: GT/s x 16 lanes
            assertThat(g.transferGtPerS().value() * 16).as("%s rate", techId).isEqualTo(t.rateGbps());
            if (t.family() == TechnologyFamily.PCIE_COPPER) {
                assertThat(g.copperReachM().value())
                        .as("%s reach", techId)
                        .isEqualTo(t.reachM().value());
            }
        });
    }
}
