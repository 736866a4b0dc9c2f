package dev.nearlight.explore.tco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.explore.scenario.Economics;
import dev.nearlight.explore.scenario.PriceOverrides;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TcoModelTest {
    private static Economics economics(double price, double pue, int years, double rate, boolean gpus, double gpuHour) {
        return new Economics(price, pue, years, rate, gpus, gpuHour, PriceOverrides.none());
    }

    @Test
    void handDerivedTwoYearsAtTenPercent() {
        // capex: switches 600k + optics 300k + lasers 50k + cables 50k = 1,000,000 USD (GPUs excluded)
        Capex capex = new Capex(600_000, 300_000, 50_000, 50_000, 9_999_999);
        // energy/yr = 1,000 kW x 1.2 x 8,760 h x 0.10 USD/kWh = 1,051,200 USD
        // repair/yr = 20,000 parts + 10,000 labour = 30,000; lost GPU-hours/yr = 5,000 x 2.5 = 12,500
        // annuity at r = 0.1, N = 2: 1/1.1 + 1/1.21 = 0.9090909... + 0.8264462... = 1.7355371900826446
        TcoInputs in =
                new TcoInputs(capex, 1_000_000, 20_000, 10_000, 5_000, 73, economics(0.10, 1.2, 2, 0.10, false, 2.5));
        TcoResult r = TcoModel.evaluate(in);
        double a = 1 / 1.1 + 1 / 1.21;
        assertThat(r.annuityFactor()).isCloseTo(1.7355371900826446, within(1e-12));
        assertThat(r.capexUsd()).isEqualTo(1_000_000);
        assertThat(r.energyUsdPerYear()).isCloseTo(1_051_200, within(1e-6));
        assertThat(r.repairUsdPerYear()).isEqualTo(30_000);
        assertThat(r.lostGpuHoursUsdPerYear()).isEqualTo(12_500);
        // NPV = 1,000,000 + (1,051,200 + 30,000 + 12,500) x 1.7355371900826446 = 1,000,000 + 1,898,157.0247...
        assertThat(r.tcoUsd()).isCloseTo(1_000_000 + 1_093_700 * a, within(1e-6));
        assertThat(r.tcoUsd()).isCloseTo(2_898_157.0247933884, within(1e-4));
        // undiscounted = 1,000,000 + 2 x 1,093,700 = 3,187,400
        assertThat(r.undiscountedUsd()).isCloseTo(3_187_400, within(1e-6));
        // runs = 2 x 365 / 73 = 10; cost per model = TCO / 10
        assertThat(r.runsPerLifetime()).isCloseTo(10, within(1e-12));
        assertThat(r.costPerModelUsd()).isCloseTo(289_815.70247933884, within(1e-5));
        assertThat(r.waterfall())
                .extracting(TcoComponent::id)
                .containsExactly(
                        "switches",
                        "optics",
                        "lasers",
                        "cables",
                        "energy",
                        "repairParts",
                        "repairLabour",
                        "lostGpuHours");
        assertThat(r.waterfall().get(4).usd()).isCloseTo(1_051_200 * a, within(1e-6));
    }

    @Test
    void gpusCountOnlyWhenIncluded() {
        // zero discount: annuity = N = 3; energy 100 kW x 1.0 x 8,760 x 0.05 = 43,800 /yr -> 131,400
        Capex capex = new Capex(100, 200, 0, 0, 1_000_000);
        TcoResult r =
                TcoModel.evaluate(new TcoInputs(capex, 100_000, 0, 0, 0, 365, economics(0.05, 1.0, 3, 0.0, true, 2)));
        assertThat(r.annuityFactor()).isEqualTo(3.0);
        assertThat(r.capexUsd()).isEqualTo(1_000_300);
        assertThat(r.tcoUsd()).isCloseTo(1_000_300 + 131_400, within(1e-6));
        assertThat(r.waterfall().get(0).id()).isEqualTo("gpus");
        // 3 runs of one year each: cost per model = TCO / 3
        assertThat(r.costPerModelUsd()).isCloseTo((1_000_300 + 131_400) / 3.0, within(1e-6));
    }

    @Test
    void rejectsNegativeFlows() {
        assertThatThrownBy(() -> new TcoInputs(new Capex(0, 0, 0, 0, 0), -1, 0, 0, 0, 1, Economics.defaults()))
                .hasMessageContaining("itPowerW");
        assertThatThrownBy(() -> new Capex(0, -1, 0, 0, 0)).hasMessageContaining("opticsUsd");
    }

    static Stream<Arguments> randomInputs() {
        SplittableRandom rnd = new SplittableRandom(7);
        return Stream.generate(() -> Arguments.of(
                        rnd.nextDouble(1e3, 1e8),
                        rnd.nextDouble(1e3, 1e8),
                        rnd.nextDouble(0, 0.3),
                        1 + rnd.nextInt(15),
                        rnd.nextDouble(1, 400)))
                .limit(25);
    }

    @ParameterizedTest
    @MethodSource("randomInputs")
    void waterfallSumsToTcoAndDiscountingNeverIncreasesCost(
            double capexUsd, double powerW, double rate, int years, double tttDays) {
        Economics e = economics(0.1, 1.3, years, rate, false, 2);
        TcoResult r =
                TcoModel.evaluate(new TcoInputs(new Capex(capexUsd, 0, 0, 0, 0), powerW, 1000, 500, 10, tttDays, e));
        double sum = r.waterfall().stream().mapToDouble(TcoComponent::usd).sum();
        assertThat(sum).isCloseTo(r.tcoUsd(), within(1e-9 * r.tcoUsd()));
        assertThat(r.tcoUsd()).isLessThanOrEqualTo(r.undiscountedUsd() * (1 + 1e-12));
        assertThat(r.annuityFactor()).isLessThanOrEqualTo(years);
        // closed form equals the explicit sum of discount factors
        double explicit = 0;
        for (int t = 1; t <= years; t++) {
            explicit += Math.pow(1 + rate, -t);
        }
        assertThat(r.annuityFactor()).isCloseTo(explicit, within(1e-9));
        assertThat(r.costPerModelUsd() * r.runsPerLifetime()).isCloseTo(r.tcoUsd(), within(1e-6 * r.tcoUsd()));
    }
}
