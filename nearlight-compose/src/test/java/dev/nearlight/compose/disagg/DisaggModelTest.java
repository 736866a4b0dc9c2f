package dev.nearlight.compose.disagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisaggModelTest {
    private static final DisaggParameters P = DisaggParameters.defaults();
    private final DisaggModel model = new DisaggModel(P);

    @Test
    void thirtyMetresOfFibreAdd147NsEachWay() {
        FabricPath p = new FabricPath(Technology.parse("cxl3-optical", P), 30, 1, 2);
        AccessLatency a = model.latency(p, AccessKind.CXL_MEM_READ);
        // one way: phy 2 links x 10 = 20; FLIT FEC 2 x 2 = 4; retimers 2 x 15 = 30; switch 120; E-O-E 2;
        // flight 30 m x 4.9 ns/m = 147 -> 323 ns. Endpoint = 210 - 2 x (10 + 2) = 186. Total 186 + 2 x 323 = 832.
        assertThat(a.breakdownNs().get("propagation")).isCloseTo(2 * 147.0, within(1e-9));
        assertThat(a.oneWayPathNs()).isCloseTo(323.0, within(1e-9));
        assertThat(a.breakdownNs().get("endpoint")).isCloseTo(186.0, within(1e-9));
        assertThat(a.totalNs()).isCloseTo(832.0, within(1e-9));
        assertThat(a.addedNsVsLocalDram()).isCloseTo(732.0, within(1e-9));
        assertThat(a.addedNsVsDirect()).isCloseTo(622.0, within(1e-9));
        assertThat(a.breakdownNs().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(a.totalNs(), within(1e-9));
        assertThat(a.bandwidthGBps()).isEqualTo(121.0);
    }

    @Test
    void directAttachedCxlReproducesTheReference() {
        for (String g : new String[] {"cxl2", "cxl3"}) {
            AccessLatency a =
                    model.latency(new FabricPath(Technology.parse(g + "-copper", P), 0, 0, 0), AccessKind.CXL_MEM_READ);
            assertThat(a.totalNs()).isCloseTo(210.0, within(1e-9));
            assertThat(a.addedNsVsDirect()).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void pcieDmaOverCopperByHand() {
        // pcie5 has no FLIT FEC: one way = phy 10 + 2 m x 4.6 ns/m = 19.2; endpoint = DRAM 100 + pin-to-app 21.
        AccessLatency a =
                model.latency(new FabricPath(Technology.parse("pcie5-copper", P), 2, 0, 0), AccessKind.PCIE_DMA_READ);
        assertThat(a.totalNs()).isCloseTo(121 + 2 * 19.2, within(1e-9));
        assertThat(a.breakdownNs().get("flitFec")).isZero();
    }

    @Test
    void retimedOpticsCountTwoRetimersAsConversion() {
        AccessLatency a = model.latency(
                new FabricPath(Technology.parse("pcie6-optical-retimed", P), 10, 0, 0), AccessKind.PCIE_DMA_READ);
        assertThat(a.breakdownNs().get("conversion")).isCloseTo(2 * 2 * 15.0, within(1e-9));
    }

    @Test
    void linkPowerFromPerBitEnergies() {
        // pcie6-optical, 1 switch, 0 retimers: 2 links x 2 ends x 5.5 + 10.5 optics = 32.5 pJ/bit
        // x 2 directions x 16 lanes x 64 Gb/s = 2048 Gb/s -> 66.56 W
        AccessLatency a =
                model.latency(new FabricPath(Technology.parse("pcie6-optical", P), 30, 1, 0), AccessKind.PCIE_DMA_READ);
        assertThat(a.linkPowerW()).isCloseTo(32.5 * 2048e-3, within(1e-9));
    }

    @Test
    void copperBeyondCopprLinkReachIsAnInputError() {
        FabricPath p = new FabricPath(Technology.parse("pcie6-copper", P), 30, 0, 0);
        assertThatThrownBy(() -> model.latency(p, AccessKind.PCIE_DMA_READ))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("--distance-m 30.0")
                .hasMessageContaining("pcie6-optical");
        assertThatThrownBy(() -> Technology.parse("pcie9-optical", P))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cxl3-optical");
    }

    @Test
    void reachByHand() {
        Technology t = Technology.parse("cxl3-optical", P);
        // 0 switches: fixed added one way = (10 + 2 + 2) - (10 + 2) = 2 ns; d = (250/2 - 2) / 4.9 = 25.10 m
        assertThat(model.reach(t, 0, 0, 250).maxDistanceM()).isCloseTo(123 / 4.9, within(1e-9));
        // 1 switch: fixed = 2 x 12 + 120 + 2 - 12 = 134 > 125 -> unreachable at +250; at +1000: (500 - 134) / 4.9
        assertThat(model.reach(t, 1, 0, 250).reachable()).isFalse();
        assertThat(model.reach(t, 1, 0, 1000).maxDistanceM()).isCloseTo(366 / 4.9, within(1e-9));
        // copper caps at CopprLink external reach
        DisaggModel.Reach c = model.reach(Technology.parse("cxl3-copper", P), 0, 0, 1000);
        assertThat(c.maxDistanceM()).isEqualTo(2.0);
        assertThat(c.limitedBy()).isEqualTo("medium");
    }

    @Test
    void reachInversionMatchesForwardModel() {
        Technology t = Technology.parse("pcie7-optical", P);
        DisaggModel.Reach r = model.reach(t, 2, 1, 1000);
        AccessLatency a = model.latency(new FabricPath(t, r.maxDistanceM(), 2, 1), AccessKind.CXL_MEM_READ);
        assertThat(a.addedNsVsDirect()).isCloseTo(1000.0, within(1e-6));
    }

    static Stream<Arguments> budgets() {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(20261124L);
        return Stream.generate(() -> {
                    var techs = Technology.all(P);
                    Technology t = techs.get(rnd.nextInt(techs.size()));
                    double b1 = rnd.nextDouble(0, 3000);
                    double b2 = b1 + rnd.nextDouble(0, 2000);
                    return Arguments.of(t.name(), rnd.nextInt(4), rnd.nextInt(3), b1, b2);
                })
                .limit(40);
    }

    @ParameterizedTest
    @MethodSource("budgets")
    void reachIsMonotoneInBudget(String tech, int switches, int retimers, double b1, double b2) {
        Technology t = Technology.parse(tech, P);
        DisaggModel.Reach r1 = model.reach(t, switches, retimers, b1);
        DisaggModel.Reach r2 = model.reach(t, switches, retimers, b2);
        if (r1.reachable()) {
            assertThat(r2.reachable()).isTrue();
            assertThat(r2.maxDistanceM()).isGreaterThanOrEqualTo(r1.maxDistanceM());
        }
        // deeper switch trees never reach farther
        DisaggModel.Reach deeper = model.reach(t, switches + 1, retimers, b2);
        if (deeper.reachable()) {
            assertThat(r2.maxDistanceM()).isGreaterThanOrEqualTo(deeper.maxDistanceM());
        }
    }

    @Test
    void badParameterFileNamesFileLineAndColumn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path f = dir.resolve("p.yaml");
        java.nio.file.Files.writeString(f, "propagation:\n  fibreNsPerM: {value: fast}\n");
        assertThatThrownBy(() -> DisaggParameters.load(f))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":2:");
    }

    @Test
    void everyParameterIsSourcedAndInRange() {
        assertThat(P.generations()).containsKeys("pcie5", "pcie6", "pcie7", "cxl2", "cxl3");
        assertThat(P.propagation().fibreNsPerM().value()).isEqualTo(4.9);
        assertThatThrownBy(() -> new SourcedValue(5, 6, 7, "ns", "x", "low"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("outside its range");
    }
}
