package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossCurveTest {
    private static LossPoint point(double f, double loss) {
        return new LossPoint(f, new Param(loss, loss, loss, "dB/in", "test", Confidence.HIGH));
    }

    @Test
    void recoversCoefficientsFromTwoExactPoints() {
        // a = 0.1, b = 0.03: f = 16 -> 0.1*4 + 0.03*16 = 0.88; f = 64 -> 0.1*8 + 0.03*64 = 2.72
        LossCurve c = LossCurve.fit(List.of(point(16, 0.88), point(64, 2.72)));
        assertThat(c.a()).isCloseTo(0.1, within(1e-9));
        assertThat(c.b()).isCloseTo(0.03, within(1e-9));
        // f = 36 -> 0.1*6 + 0.03*36 = 1.68
        assertThat(c.at(36)).isCloseTo(1.68, within(1e-9));
    }

    @Test
    void onePointGivesALinearCurveThroughIt() {
        LossCurve c = LossCurve.fit(List.of(point(50, 2.0)));
        assertThat(c.a()).isZero();
        assertThat(c.at(25)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void neverFitsNegativeCoefficients() {
        // points that would need a < 0 (super-linear growth): falls back to a pure dielectric term
        LossCurve c = LossCurve.fit(List.of(point(10, 0.1), point(40, 1.0), point(50, 1.6)));
        assertThat(c.a()).isGreaterThanOrEqualTo(0);
        assertThat(c.b()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void megtron7FitStaysWithinItsReferenceRanges() {
        Laminate m7 = Catalogue.defaults().laminate("megtron-7");
        for (LossPoint p : m7.lossDbPerInch()) {
            assertThat(m7.lossDbPerInchAt(p.frequencyGhz()))
                    .isBetween(p.loss().min(), p.loss().max());
        }
    }
}
