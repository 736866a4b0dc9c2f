package dev.nearlight.core.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.link.thermal.Arrhenius;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Monotonic properties over inputs drawn from a fixed-seed generator. */
class MonotonicPropertyTest {
    private static final Catalogue C = Catalogue.defaults();
    private static final PhysicalLinkModel MODEL = new PhysicalLinkModel(C);
    private static final List<Technology> TECHS = C.technologies();

    /** 40 cases: a technology, two ordered values of a knob. */
    static Stream<Arguments> cases() {
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(20261124L);
        return IntStream.range(0, 40).mapToObj(i -> {
            Technology t = TECHS.get(g.nextInt(TECHS.size()));
            double a = g.nextDouble(0, 300);
            double b = a + g.nextDouble(1, 200);
            return Arguments.of(t.id(), a, b);
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void longerTraceMeansMoreHostLossAndNeverACheaperSerdes(String id, double shortMm, double longMm) {
        LinkDesign d = LinkDesign.defaultFor(id, C.technology(id).rateGbps(), C);
        LinkReport s = MODEL.evaluate(d.withTraceMm(shortMm));
        LinkReport l = MODEL.evaluate(d.withTraceMm(longMm));
        assertThat(l.hostLossDb().get(End.NEAR)).isGreaterThan(s.hostLossDb().get(End.NEAR));
        // the margin may rise when a stronger SerDes class takes over, but the host SerDes never gets cheaper
        assertThat(l.power(PowerItem.HOST_SERDES)).isGreaterThanOrEqualTo(s.power(PowerItem.HOST_SERDES));
        assertThat(l.latency(LatencyItem.PROPAGATION_PCB)).isGreaterThan(s.latency(LatencyItem.PROPAGATION_PCB));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void hotterMeansHigherLaserFitAndLinkFit(String id, double a, double b) {
        double coolA = 10 + a / 10; // 10..40 C
        double coolB = coolA + (b - a) / 10;
        LinkDesign d = LinkDesign.defaultFor(id, C.technology(id).rateGbps(), C);
        LinkReport cold = MODEL.evaluate(d.withCoolantC(coolA));
        LinkReport hot = MODEL.evaluate(d.withCoolantC(coolB));
        assertThat(hot.engineTempC()).isGreaterThan(cold.engineTempC());
        if (!Double.isNaN(cold.laserFit())) {
            assertThat(hot.laserFit()).isGreaterThanOrEqualTo(cold.laserFit());
            assertThat(hot.linkFit()).isGreaterThanOrEqualTo(cold.linkFit());
        }
        assertThat(Arrhenius.factor(0.5, 55, coolB)).isGreaterThan(Arrhenius.factor(0.5, 55, coolA));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void longerFibreMeansLessOpticalMarginAndMoreLatency(String id, double a, double b) {
        Technology t = C.technology(id);
        LinkDesign d = LinkDesign.defaultFor(id, t.rateGbps(), C);
        LinkReport near = MODEL.evaluate(d.withReachM(a));
        LinkReport far = MODEL.evaluate(d.withReachM(b));
        assertThat(far.latencyNs()).isGreaterThan(near.latencyNs());
        if (t.medium() == dev.nearlight.core.catalogue.Medium.OPTICAL) {
            assertThat(far.opticalMarginDb()).isLessThan(near.opticalMarginDb());
            assertThat(far.preFecBer()).isGreaterThanOrEqualTo(near.preFecBer());
        } else {
            assertThat(far.electricalMarginDb()).isLessThanOrEqualTo(near.electricalMarginDb());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void hotterAsicNeighbourNeverCoolsTheEngine(String id, double a, double b) {
        LinkDesign d = LinkDesign.defaultFor(id, C.technology(id).rateGbps(), C);
        LinkReport lo = MODEL.evaluate(d.withAsicPowerW(a * 3));
        LinkReport hi = MODEL.evaluate(d.withAsicPowerW(b * 3));
        assertThat(hi.engineTempC()).isGreaterThanOrEqualTo(lo.engineTempC());
    }
}
