package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhysicalUnitTest {
    @ParameterizedTest
    @CsvSource({
        // unit, value, accepted
        "Gb/s, 1e-300, false",
        "Gb/s, 0.5, false",
        "Gb/s, 0, true",
        "Gb/s, 7200, true",
        "Gb/s, 2e6, false",
        "W, 1e300, false",
        "W, -1, false",
        "W, 0.000001, true",
        "USD, 1e305, false",
        "USD, 25000, true",
        "ps/mm, 3.3, false",
        "ps/mm, 3.34, true",
        "ns/m, 0, false",
        "ns/m, 4.9, true",
        "C, -300, false",
        "C, -40, true",
        "dB, -30, true",
        "dB, 1e9, false",
        "1, 1.5, false",
        "1, 1e-15, true",
        "dBm, 12, true",
        "dBm, 90, false",
    })
    void refusesFiguresNoPartCanHave(String unit, double value, boolean accepted) {
        if (accepted) {
            assertThat(new Param(value, value, value, unit, "s", Confidence.LOW).value())
                    .isEqualTo(value);
        } else {
            assertThatThrownBy(() -> new Param(value, value, value, unit, "s", Confidence.LOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(unit)
                    .hasMessageContaining("give");
        }
    }

    @Test
    void nothingIsFasterThanLight() {
        assertThat(PhysicalUnit.LIGHT_DELAY_NS_PER_M).isCloseTo(3.33564, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(PhysicalUnit.of("ns/m").orElseThrow().problem(3.3)).contains("give 3.3356");
    }

    @Test
    void theRangeIsCheckedNotOnlyTheValue() {
        assertThatThrownBy(() -> new Param(100, 1e-300, 200, "Gb/s", "s", Confidence.LOW))
                .hasMessageContaining("1.0E-300 Gb/s");
    }

    /** A range from 0 is sampled anywhere inside it (the Monte Carlo draws 0.0009 ns from a 0..5 ns latency). */
    @Test
    void aRangeFromZeroMayBeSampledAnywhereInside() {
        Param latency = new Param(1, 0, 5, "ns", "s", Confidence.LOW);
        assertThat(latency.withValue(9.3e-4).value()).isEqualTo(9.3e-4);
        Param positive = new Param(1, 0.5, 5, "ns", "s", Confidence.LOW);
        assertThatThrownBy(() -> positive.withValue(9.3e-4)).hasMessageContaining("9.3E-4 ns");
    }

    @Test
    void unknownUnitsAreOnlyCheckedToBeFinite() {
        assertThat(PhysicalUnit.of("1/link-yr")).isEmpty();
        assertThat(new Param(1e200, 1e200, 1e200, "1/link-yr", "s", Confidence.LOW).value())
                .isEqualTo(1e200);
    }

    /** The shipped catalogue loads (every figure inside its envelope), and envelopes accept their whole interior. */
    @Test
    void shippedCatalogueLoadsAndEnvelopesAcceptTheirInterior() {
        Catalogue c = Catalogue.defaults();
        assertThat(c.endpoint("h100").scaleUpGbps().value()).isEqualTo(3600);
        var rnd = new SplittableRandom(17);
        for (String unit : new String[] {"W", "USD", "ns", "mm", "m", "Gb/s", "pJ/bit", "FIT", "h"}) {
            PhysicalUnit u = PhysicalUnit.of(unit).orElseThrow();
            double x = u.smallestNonZero() * 10 + rnd.nextDouble() * (u.largest() / 10 - u.smallestNonZero() * 10);
            assertThat(u.problem(x)).as(unit + " " + x).isNull();
        }
    }

    @Test
    void searchBracketsStayWhereEveryPointIsAFigure() {
        assertThat(PhysicalUnit.searchBracket("Gb/s", 0, 28_800)).containsExactly(1, 28_800);
        assertThat(PhysicalUnit.searchBracket("W", 0, 4e6)).containsExactly(1e-6, 1e6);
        assertThat(PhysicalUnit.searchBracket("dB", -500, 3)).containsExactly(-200, 3);
        assertThat(PhysicalUnit.searchBracket("C", -1000, 80)).containsExactly(-273.15, 80);
        assertThat(PhysicalUnit.searchBracket("x", 0, 2)).containsExactly(0, 2);
        for (double x = 1; x <= 28_800; x *= 1.7) {
            assertThat(PhysicalUnit.of("Gb/s").orElseThrow().problem(x)).isNull();
        }
    }
}
