package dev.nearlight.core.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.SerdesTier;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.catalogue.TechnologyFamily;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The claims the default catalogue must support, computed by the model (never typed in). */
class PhysicalLinkModelTest {
    private final Catalogue c = Catalogue.defaults();
    private final PhysicalLinkModel model = new PhysicalLinkModel(c);

    private LinkReport eval(String id, double rate) {
        return model.evaluate(LinkDesign.defaultFor(id, rate, c));
    }

    @Test
    void everyDefaultLinkIsFeasibleAndItsBreakdownsAddUp() {
        for (Technology t : c.technologies()) {
            LinkReport r = eval(t.id(), t.rateGbps());
            assertThat(r.feasible()).as("%s: %s", t.id(), r.reasons()).isTrue();
            double sumW = r.powerBreakdownW().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            assertThat(sumW).as(t.id()).isCloseTo(r.powerW(), within(1e-9));
            double sumNs = r.latencyBreakdownNs().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            assertThat(sumNs).as(t.id()).isCloseTo(r.latencyNs(), within(1e-9));
            assertThat(r.energyPjPerBit()).isCloseTo(r.powerW() / t.rateGbps() * 1000, within(1e-9));
        }
    }

    @Test
    void energyPerBitAt16TOrdersDspLroLpoNpoCpo() {
        double dsp = eval("pluggable-dsp-dr-1.6t", 1600).energyPjPerBit();
        double lro = eval("lro-1.6t", 1600).energyPjPerBit();
        double lpo = eval("lpo-1.6t", 1600).energyPjPerBit();
        double npo = eval("npo-1.6t", 1600).energyPjPerBit();
        double cpo = eval("cpo-els-1.6t", 1600).energyPjPerBit();
        assertThat(List.of(dsp, lro, lpo, npo, cpo)).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(dsp).isGreaterThan(lro);
        assertThat(npo).isGreaterThan(cpo);
    }

    @Test
    void cpoToPluggablePowerRatioMatchesVendorSystemFigures() {
        // NVIDIA: 3.5x system power efficiency; Broadcom: -65..-70 % (optics-parameters.md 1.1) -> ratio 0.25-0.35
        double ratio = eval("cpo-els-1.6t", 1600).powerW()
                / eval("pluggable-dsp-dr-1.6t", 1600).powerW();
        assertThat(ratio).isBetween(0.25, 0.35);
    }

    @Test
    void resultsSitInsidePublishedRanges() {
        // per-module energy (module power / rate) at 1.6T: DSP 15.6-18.75 pJ/bit; CPO 5.6 incl. laser (NVIDIA 9 W)
        LinkReport dsp = eval("pluggable-dsp-dr-1.6t", 1600);
        double dspModuleW = (dsp.powerW() - dsp.power(PowerItem.HOST_SERDES)) / 2;
        assertThat(dspModuleW / 1.6).isBetween(15.6, 18.75);
        LinkReport cpo = eval("cpo-els-1.6t", 1600);
        double cpoEngineW = (cpo.powerW() - cpo.power(PowerItem.HOST_SERDES)) / 2;
        assertThat(cpoEngineW).isBetween(7.0, 11.0);
        // latency: KP4 120 ns, DSP 2 x 50 ns; CPO adds only ~1 ns per E-O-E conversion
        assertThat(dsp.latency(LatencyItem.DSP_RETIMER)).isEqualTo(100);
        assertThat(cpo.latency(LatencyItem.EOE)).isEqualTo(2);
        // pluggable host path at 200G/lane ~22 [18-26] dB, CPO ~4 [3-6] dB, NPO 10 [8-13] dB (optics-parameters.md
        // 10.2)
        assertThat(dsp.hostLossDb().get(End.NEAR)).isBetween(18.0, 26.0);
        assertThat(cpo.hostLossDb().get(End.NEAR)).isBetween(2.0, 6.0);
        assertThat(eval("npo-1.6t", 1600).hostLossDb().get(End.NEAR)).isBetween(8.0, 13.0);
        // pluggable case temperature under the 70 C limit at a 35 C inlet
        assertThat(dsp.engineTempC()).isBetween(35.0, 70.0);
        // module AFR 0.44-1.75 %/yr per module -> a two-module link 0.9-3.5 %/yr
        assertThat(dsp.linkAfrPercent()).isBetween(0.9, 3.5);
        // DSP pluggable cost 1.0-1.5 $/Gbps per module -> 2-3 $/Gbps per two-module link incl. fibre
        assertThat(dsp.costUsdPerGbps()).isBetween(2.0, 3.0);
        assertThat(dsp.shorelineGbpsPerMm()).isCloseTo(116.4, within(0.1));
    }

    @Test
    void at224gAFaceplateTraceNeedsLrWhileNpoClosesWithXsrPlusOrVsr() {
        LinkReport plug = eval("pluggable-dsp-dr-1.6t", 1600);
        assertThat(c.serdesClass(plug.serdesClass().get(End.NEAR)).tier()).isEqualTo(SerdesTier.LR);
        LinkReport npo = eval("npo-1.6t", 1600);
        assertThat(c.serdesClass(npo.serdesClass().get(End.NEAR)).tier()).isIn(SerdesTier.XSR_PLUS, SerdesTier.VSR);
        // with a retimer the host SerDes drops below LR and the retimer appears in the power
        LinkReport retimed = model.evaluate(
                LinkDesign.defaultFor("pluggable-dsp-dr-1.6t", 1600, c).withRetimer(true));
        assertThat(c.serdesClass(retimed.serdesClass().get(End.NEAR)).tier()).isLessThan(SerdesTier.LR);
        assertThat(retimed.power(PowerItem.DSP_RETIMER)).isGreaterThan(plug.power(PowerItem.DSP_RETIMER));
    }

    @Test
    void tenInchesOfMegtron6At224gIsInfeasibleWithoutARetimer() {
        LinkDesign d = LinkDesign.defaultFor("pluggable-dsp-dr-1.6t", 1600, c)
                .withTraceMm(254)
                .withLaminate("megtron-6");
        LinkReport r = model.evaluate(d);
        assertThat(r.feasible()).isFalse();
        assertThat(r.reasons()).anyMatch(s -> s.startsWith("near end: host channel") && s.contains("retimer"));
        assertThat(model.evaluate(d.withRetimer(true)).feasible()).isTrue();
    }

    @Test
    void copperIsFeasibleOnlyWithinReach() {
        for (String id : List.of("dac-1.6t", "acc-1.6t", "aec-1.6t", "dac-800g", "pcie5-x16-copprlink")) {
            Technology t = c.technology(id);
            LinkDesign d = LinkDesign.defaultFor(id, t.rateGbps(), c);
            assertThat(model.evaluate(d.withReachM(t.reachM().value())).feasible())
                    .as("%s at its reach", id)
                    .isTrue();
            LinkReport beyond = model.evaluate(d.withReachM(t.reachM().value() * 2 + 1));
            assertThat(beyond.feasible()).as("%s beyond its reach", id).isFalse();
        }
        // the DAC's loss limit, not only the catalogue reach: 1.6T DAC at 2 m fails on channel loss
        LinkReport dac2m =
                model.evaluate(LinkDesign.defaultFor("dac-1.6t", 1600, c).withReachM(2));
        assertThat(dac2m.reasons()).anyMatch(s -> s.startsWith("channel:"));
    }

    @Test
    void opticsBeyondReachIsInfeasible() {
        LinkReport r = model.evaluate(LinkDesign.defaultFor("npo-1.6t", 1600, c).withReachM(2000));
        assertThat(r.feasible()).isFalse();
        assertThat(r.reasons()).anyMatch(s -> s.startsWith("reach:"));
        assertThat(model.evaluate(LinkDesign.defaultFor("pluggable-dsp-fr-1.6t", 1600, c)
                                .withReachM(2000))
                        .feasible())
                .isTrue();
    }

    @Test
    void handDerivedNpoPower() {
        LinkReport r = eval("npo-1.6t", 1600);
        // host: xsr-plus-224 1.5 pJ/bit * 1600 Gb/s = 2.4 W per end -> 4.8 W
        assertThat(r.power(PowerItem.HOST_SERDES)).isCloseTo(4.8, within(1e-9));
        // lasers: 8 per end * 10^(12/10) mW / 0.07 = 8 * 15.85 / 0.07 mW = 1.811 W per end -> 3.623 W
        assertThat(r.power(PowerItem.LASER)).isCloseTo(2 * 8 * Math.pow(10, 1.2) * 1e-3 / 0.07, within(1e-9));
        assertThat(r.power(PowerItem.LASER)).isCloseTo(3.623, within(0.001));
        // ELS variant: 2 lasers per end * 100 mW / 0.15 = 1.333 W per end; 4 lasers / 8 per module = 0.5 modules
        LinkReport els = eval("npo-els-1.6t", 1600);
        assertThat(els.power(PowerItem.LASER)).isCloseTo(2 * 2 * 0.1 / 0.15, within(1e-9));
        assertThat(els.externalLaserModulesPerLink()).isEqualTo(0.5);
    }

    @Test
    void reportsBomFacts() {
        Map<TechnologyFamily, LinkReport> at1600 = c.technologiesAt(1600).stream()
                .map(t -> eval(t.id(), 1600))
                .collect(Collectors.toMap(LinkReport::family, r -> r, (a, b) -> a));
        assertThat(at1600.get(TechnologyFamily.DAC).modulesPerEnd()).isZero();
        assertThat(at1600.get(TechnologyFamily.CPO).hotSwap()).isTrue();
        assertThat(at1600.get(TechnologyFamily.NPO).hotSwap()).isFalse();
        assertThat(at1600.get(TechnologyFamily.PLUGGABLE_DSP).lasersPerPort()).isEqualTo(8);
        assertThat(at1600.get(TechnologyFamily.CPO).lasersPerPort()).isEqualTo(2);
        assertThat(at1600.get(TechnologyFamily.DAC).opticalMarginDb()).isNaN();
    }

    @Test
    void rejectsARateOrLanesTheTechnologyDoesNotOffer() {
        LinkDesign d = LinkDesign.defaultFor("npo-1.6t", 1600, c);
        assertThatThrownBy(() -> model.evaluate(new LinkDesign(
                        d.technologyId(), 800, d.lanes(), d.near(), d.far(), d.reachM(), d.environment(), null)))
                .isInstanceOf(InputException.class)
                .hasMessage("rate: 800G is not offered by npo-1.6t (it is a 1.6T part; parts of its family: npo-400g"
                        + " at 400G, npo-800g at 800G, npo-1.6t at 1.6T, npo-3.2t at 3.2T) (use npo-800g)");
        assertThatThrownBy(() -> model.evaluate(d.toBuilder().lanes(4).build()))
                .hasMessageStartingWith("lanes: npo-1.6t has 8 lanes");
        assertThatThrownBy(() -> LinkDesign.defaultFor("lro", 400, c))
                .hasMessage("rate: the catalogue has no lro part at 400G (it has 800G, 1.6T, 3.2T) (use one of"
                        + " those rates for --rate or add a technologies entry for lro at 400G in a file given with"
                        + " --catalogue FILE)");
        assertThatThrownBy(() -> LinkDesign.defaultFor("lro", 200, c))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("rate: the catalogue has no lro part at 200G (it has 800G, 1.6T, 3.2T)");
        assertThatThrownBy(() -> d.withReachM(-1)).hasMessageStartingWith("--reach-m: -1.0 m must be >= 0");
        assertThatThrownBy(() -> d.withTraceMm(-1)).hasMessageStartingWith("--trace-mm:");
        assertThatThrownBy(() -> d.withCoolantC(200)).hasMessageStartingWith("--coolant-c:");
        assertThatThrownBy(() -> model.evaluate(d.withLaminate("fr5"))).hasMessageContaining("closest: fr4");
    }

    @Test
    void prefixIdsResolveWithTheRate() {
        assertThat(LinkDesign.defaultFor("npo", 3200, c).technologyId()).isEqualTo("npo-3.2t");
        assertThat(LinkDesign.defaultFor("pluggable-dsp-dr", 800, c).technologyId())
                .isEqualTo("pluggable-dsp-dr-800g");
    }

    @Test
    void fourHundredGigPartsMatchHandDerivedValues() {
        // dfb-internal / cpo-internal laser: 12 dBm = 15.849 mW optical at 8 % wall-plug -> 0.198112 W each
        double laserW = Math.pow(10, 1.2) / 1000 / 0.08;
        // 400G DR4 (NVIDIA MMS4X00-NS400, 9 W): DSP 3.0 + analog 5.208 + 4 lasers = 9.000447 W per module;
        // host vsr-112 2.5 pJ/bit x 400 Gb/s = 1.0 W per end; link = 2 x 9.000447 + 2 x 1.0 = 20.0009 W
        LinkReport dr4 = eval("pluggable-dsp-dr-400g", 400);
        assertThat(dr4.serdesClass()).containsValues("vsr-112");
        assertThat(dr4.modulePowerW()).isCloseTo(3.0 + 5.208 + 4 * laserW, within(1e-9));
        assertThat(dr4.modulePowerW()).isCloseTo(9.0, within(0.01));
        assertThat(dr4.moduleBoundary()).isEqualTo(dev.nearlight.core.catalogue.PowerBoundary.MODULE);
        assertThat(dr4.hostSerdesPowerWPerEnd()).isCloseTo(1.0, within(1e-9));
        assertThat(dr4.powerW()).isCloseTo(2 * (3.0 + 5.208 + 4 * laserW) + 2.0, within(1e-9));
        assertThat(dr4.energyPjPerBit()).isCloseTo(dr4.powerW() / 400 * 1000, within(1e-9));
        // cost: 2 modules x 550 USD + 50 m (catalogue default length) x 3 USD/m of MPO trunk = 1250 USD
        assertThat(dr4.costUsd()).isCloseTo(1250, within(1e-9));
        assertThat(dr4.lasersPerEnd()).isEqualTo(4);
        assertThat(dr4.lengthSource()).isEqualTo(LengthSource.CATALOGUE_DEFAULT);
        // 400G LPO: analog 3.708 + 4 lasers = 4.500447 W; linear host needs lr-112 5.5 pJ/bit -> 2.2 W per end
        LinkReport lpo = eval("lpo-400g", 400);
        assertThat(lpo.serdesClass()).containsValues("lr-112");
        assertThat(lpo.powerW()).isCloseTo(2 * (3.708 + 4 * laserW) + 2 * 2.2, within(1e-9));
        // Humboldt-class CPO: engine 2.408 + 4 lasers = 3.200447 W; xsr-112 1.0 pJ/bit -> 0.4 W per end
        LinkReport cpo = eval("cpo-400g", 400);
        assertThat(cpo.serdesClass()).containsValues("xsr-112");
        assertThat(cpo.moduleBoundary()).isEqualTo(dev.nearlight.core.catalogue.PowerBoundary.ENGINE);
        assertThat(cpo.powerW()).isCloseTo(2 * (2.408 + 4 * laserW) + 2 * 0.4, within(1e-9));
        assertThat(cpo.costUsd()).isCloseTo(2 * 330 + 50 * 3, within(1e-9));
        // a 400G link is not half an 800G link: the DR4's 9 W is more than half of the DR8's 15 W
        assertThat(dr4.modulePowerW())
                .isGreaterThan(eval("pluggable-dsp-dr-800g", 800).modulePowerW() / 2);
    }

    @Test
    void aCallerLengthIsMarkedAsSuchAndModulePowerIsOneEnd() {
        LinkReport r = model.evaluate(
                LinkDesign.defaultFor("pluggable-dsp-dr-800g", 800, c).withReachM(12));
        assertThat(r.lengthSource()).isEqualTo(LengthSource.CALLER);
        assertThat(r.reachM()).isEqualTo(12);
        double bothEndsModules =
                r.power(PowerItem.DSP_RETIMER) + r.power(PowerItem.DRIVER_TIA_MODULATOR) + r.power(PowerItem.LASER);
        assertThat(2 * r.modulePowerW()).isCloseTo(bothEndsModules, within(1e-9));
        assertThat(r.powerW()).isCloseTo(2 * r.modulePowerW() + 2 * r.hostSerdesPowerWPerEnd(), within(1e-9));
    }

    @Test
    void everyRateOfEveryTechnologyIsAPartOfThatRate() {
        for (double rate : List.of(200.0, 400.0)) {
            assertThat(c.technologiesAt(rate)).as("parts at %s", rate).isNotEmpty();
            for (Technology t : c.technologiesAt(rate)) {
                assertThat(t.rateGbps()).isEqualTo(rate);
                assertThat(eval(t.id(), rate).dataRateGbps()).isEqualTo(rate);
            }
        }
        assertThat(c.technologiesAt(400))
                .extracting(Technology::family)
                .contains(
                        TechnologyFamily.DAC,
                        TechnologyFamily.AEC,
                        TechnologyFamily.PLUGGABLE_DSP,
                        TechnologyFamily.LPO,
                        TechnologyFamily.NPO,
                        TechnologyFamily.CPO)
                .doesNotContain(TechnologyFamily.LRO, TechnologyFamily.ACC, TechnologyFamily.NPO_ELS);
    }
}
