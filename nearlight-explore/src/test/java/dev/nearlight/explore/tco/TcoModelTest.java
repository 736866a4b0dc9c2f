package dev.nearlight.explore.tco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.explore.scenario.Economics;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TcoModelTest {
    private static Economics economics(double price, double pue, int years, double rate) {
        return Economics.defaults()
                .withElectricityUsdPerKwh(price)
                .withPue(pue)
                .withDiscountRate(rate)
                .withLifetimeYears(years);
    }

    /** A vanishing discount rate tends to n payments; the plain form gave 0 and a capital recovery of Infinity. */
    @Test
    void aTinyDiscountRateTendsToTheNumberOfYears() {
        assertThat(TcoModel.annuityFactor(1e-300, 5)).isCloseTo(5, within(1e-12));
        assertThat(TcoModel.annuityFactor(1e-12, 5)).isCloseTo(5, within(1e-9));
        assertThat(TcoModel.annuityFactor(0, 5)).isEqualTo(5);
        // and the closed form still holds at a real rate: 1/1.08 + ... + 1/1.08^5
        double sum = 0;
        for (int y = 1; y <= 5; y++) {
            sum += Math.pow(1.08, -y);
        }
        assertThat(TcoModel.annuityFactor(0.08, 5)).isCloseTo(sum, within(1e-12));
    }

    @Test
    void handDerivedTwoYearsAtTenPercent() {
        // capex: switches 600k + optics 300k + lasers 50k + cables 50k = 1,000,000 USD (GPUs are outside the boundary)
        Capex capex = new Capex(600_000, 300_000, 50_000, 50_000, 9_999_999);
        // energy/yr = 1,000 kW x 1.2 x 8,760 h x 0.10 USD/kWh = 1,051,200 USD; repair/yr = 20,000 + 10,000
        // annuity at r = 0.1, N = 2: 1/1.1 + 1/1.21 = 1.7355371900826446
        TcoResult r = TcoModel.evaluate(new TcoInputs(capex, 1_000_000, 20_000, 10_000, economics(0.10, 1.2, 2, 0.10)));
        double a = 1 / 1.1 + 1 / 1.21;
        assertThat(r.annuityFactor()).isCloseTo(1.7355371900826446, within(1e-12));
        assertThat(r.capexUsd()).isEqualTo(1_000_000);
        assertThat(r.energyUsdPerYear()).isCloseTo(1_051_200, within(1e-6));
        assertThat(r.repairUsdPerYear()).isEqualTo(30_000);
        // NPV = 1,000,000 + 1,081,200 x 1.7355371900826446 = 2,876,462.8099...
        assertThat(r.tcoUsd()).isCloseTo(1_000_000 + 1_081_200 * a, within(1e-6));
        assertThat(r.tcoUsd()).isCloseTo(2_876_462.809917355, within(1e-4));
        assertThat(r.undiscountedUsd()).isCloseTo(1_000_000 + 2 * 1_081_200, within(1e-6));
        assertThat(r.waterfall())
                .extracting(TcoComponent::id)
                .containsExactly("switches", "optics", "lasers", "cables", "energy", "repairParts", "repairLabour");
        assertThat(r.waterfall().get(4).usd()).isCloseTo(1_051_200 * a, within(1e-6));
    }

    @Test
    void rejectsNegativeFlows() {
        assertThatThrownBy(() -> new TcoInputs(new Capex(0, 0, 0, 0, 0), -1, 0, 0, Economics.defaults()))
                .hasMessageContaining("fabricPowerW");
        assertThatThrownBy(() -> new Capex(0, -1, 0, 0, 0)).hasMessageContaining("opticsUsd");
    }

    static Stream<Arguments> randomInputs() {
        SplittableRandom rnd = new SplittableRandom(7);
        return Stream.generate(() -> Arguments.of(
                        rnd.nextDouble(1e3, 1e8),
                        rnd.nextDouble(1e3, 1e8),
                        rnd.nextDouble(0, 0.3),
                        1 + rnd.nextInt(15)))
                .limit(25);
    }

    @ParameterizedTest
    @MethodSource("randomInputs")
    void waterfallSumsToTcoAndDiscountingNeverIncreasesCost(double capexUsd, double powerW, double rate, int years) {
        TcoResult r = TcoModel.evaluate(
                new TcoInputs(new Capex(capexUsd, 0, 0, 0, 0), powerW, 1000, 500, economics(0.1, 1.3, years, rate)));
        double sum = r.waterfall().stream().mapToDouble(TcoComponent::usd).sum();
        assertThat(sum).isCloseTo(r.tcoUsd(), within(1e-9 * r.tcoUsd()));
        assertThat(r.tcoUsd()).isLessThanOrEqualTo(r.undiscountedUsd() * (1 + 1e-12));
        double explicit = 0;
        for (int t = 1; t <= years; t++) {
            explicit += Math.pow(1 + rate, -t);
        }
        assertThat(r.annuityFactor()).isCloseTo(explicit, within(1e-9));
    }
}
