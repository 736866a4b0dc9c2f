package dev.nearlight.compose.disagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CatalogueLinkPowerTest {
    private static final DisaggParameters P = DisaggParameters.defaults();
    private static final CatalogueLinkPower POWER = CatalogueLinkPower.standard(P);

    @Test
    void pcie6OpticalRetimedPathPowerFromTheCatalogueByHand() {
        // pcie6-x16-optical at 30 m, both ends (technologies.yaml, serdes.yaml, lasers.yaml):
        //   host PHY pcie6-phy 5.0 pJ/bit x 2 ends x 1024 Gb/s = 10.24 W
        //   optical-aware retimer dspW 9 W x 2 = 18 W ; analogW 3.4 W x 2 = 6.8 W
        //   lasers dfb-internal 12 dBm = 15.849 mW / 0.08 = 0.198112 W x 8 per end x 2 ends = 3.169786 W
        //   long segment = 10.24 + 18 + 6.8 + 3.169786 = 38.209786 W
        // one more link through one switch level: its two host PHYs = 10.24 W
        // two electrical retimers from the table: 10 pJ/bit x 2 x 16 x 64 GT/s = 20.48 W each
        FabricPath path = new FabricPath(new Technology("pcie6", Medium.OPTICAL_RETIMED), 30, 1, 2);
        assertThat(POWER.catalogueId(path.technology())).isEqualTo("pcie6-x16-optical");
        assertThat(POWER.pathPowerW(path)).isCloseTo(38.209786 + 10.24 + 2 * 20.48, within(1e-5));
        assertThat(POWER.source(path)).startsWith("link model: pcie6-x16-optical at 30.0 m");
    }

    @Test
    void copprLinkIsTheHostPhysOnly() {
        // pcie5-x16-copprlink: passive, pcie5-phy 5.0 pJ/bit x 2 ends x 512 Gb/s = 5.12 W
        FabricPath path = new FabricPath(new Technology("pcie5", Medium.COPPER), 1, 0, 0);
        assertThat(POWER.pathPowerW(path)).isCloseTo(5.12, within(1e-9));
    }

    @Test
    void technologiesWithoutACatalogueEntryFallBackToTheTable() {
        FabricPath linear = new FabricPath(new Technology("pcie6", Medium.OPTICAL_LINEAR), 30, 1, 0);
        assertThat(POWER.catalogueId(linear.technology())).isNull();
        assertThat(POWER.pathPowerW(linear)).isEqualTo(new TabulatedLinkPower(P).pathPowerW(linear));
        assertThat(POWER.source(linear)).startsWith("table:").contains("no core catalogue entry for pcie6-optical");
        FabricPath pcie7 = new FabricPath(new Technology("pcie7", Medium.OPTICAL_RETIMED), 10, 0, 0);
        assertThat(POWER.pathPowerW(pcie7)).isEqualTo(new TabulatedLinkPower(P).pathPowerW(pcie7));
    }
}
