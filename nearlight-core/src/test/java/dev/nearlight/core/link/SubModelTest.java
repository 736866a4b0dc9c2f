package dev.nearlight.core.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.ChannelElement;
import dev.nearlight.core.catalogue.Laminate;
import dev.nearlight.core.catalogue.SerdesClass;
import dev.nearlight.core.catalogue.SerdesTier;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.link.density.Density;
import dev.nearlight.core.link.electrical.HostChannel;
import dev.nearlight.core.link.electrical.SerdesSelector;
import dev.nearlight.core.link.optical.FecModel;
import dev.nearlight.core.link.optical.Modulation;
import dev.nearlight.core.link.optical.OpticalBudget;
import dev.nearlight.core.link.thermal.Arrhenius;
import dev.nearlight.core.link.thermal.ThermalModel;
import org.junit.jupiter.api.Test;

/** Hand-derived cases for each sub-model; the arithmetic is in the comments. */
class SubModelTest {
    private final Catalogue c = Catalogue.defaults();

    @Test
    void hostChannelAddsTraceViasConnectorsAndPackage() {
        Laminate lam = c.laminate("megtron-7");
        ChannelElement via = c.channelElement("via-std");
        ChannelElement conn = c.channelElement("conn-osfp");
        ChannelElement pkg = c.channelElement("pkg-bga");
        double f = 53.125;
        // 254 mm = 10 in; IL = 10*lam + 2*via + 1*conn + pkg
        double expected = 10 * lam.lossDbPerInchAt(f) + 2 * via.lossDbAt(f) + conn.lossDbAt(f) + pkg.lossDbAt(f);
        assertThat(HostChannel.lossDb(254, lam, 2, via, 1, conn, pkg, f)).isCloseTo(expected, within(1e-12));
        // the fitted curves pass close to the catalogue points: 10*1.7 + 2*1.1 + 2.2 + 2.5 = 23.9 dB
        assertThat(expected).isCloseTo(23.9, within(0.3));
        // retimer halves: package side + module side = whole channel when vias split evenly
        double sum = HostChannel.packageSideLossDb(254, lam, 2, via, pkg, f)
                + HostChannel.moduleSideLossDb(254, lam, 2, via, 1, conn, f);
        assertThat(sum).isCloseTo(expected, within(1e-12));
    }

    @Test
    void serdesSelectorPicksTheCheapestClassThatCloses() {
        var classes = c.serdesClassesFor(200);
        // 11 dB: xsr-224 (10 dB) fails, xsr-plus-224 (13 dB) closes
        assertThat(SerdesSelector.select(classes, SerdesTier.XSR, 11).id()).isEqualTo("xsr-plus-224");
        // 22 dB: vsr 18 and mr 20 fail, lr 40 closes
        assertThat(SerdesSelector.select(classes, SerdesTier.XSR, 22).id()).isEqualTo("lr-224");
        // minimum tier LR forces lr-224 even for 2 dB
        assertThat(SerdesSelector.select(classes, SerdesTier.LR, 2).id()).isEqualTo("lr-224");
        assertThat(SerdesSelector.select(classes, SerdesTier.XSR, 41)).isNull();
        SerdesClass largest = SerdesSelector.largest(classes, SerdesTier.XSR);
        assertThat(largest.budgetDb().value()).isEqualTo(40);
    }

    @Test
    void pam4AndNrzBerFollowTheQFactorRelation() {
        // reference table (optics-parameters.md 5.3): PAM4 Q 3.41 -> 2.4e-4; Q 4.70 -> 1e-6; Q 6.99 -> 1e-12
        assertThat(Modulation.PAM4.ber(3.41)).isCloseTo(2.4e-4, within(0.1e-4));
        assertThat(Modulation.PAM4.ber(4.70)).isCloseTo(1e-6, within(0.1e-6));
        assertThat(Modulation.PAM4.q(2.4e-4)).isCloseTo(3.41, within(0.01));
        // NRZ: BER = 0.5 erfc(Q/sqrt2); Q = 7.034 -> 1e-12
        assertThat(Modulation.NRZ.ber(7.034)).isCloseTo(1e-12, within(0.02e-12));
        // PAM4 BER is 3/4 of NRZ BER at the same Q
        assertThat(Modulation.PAM4.ber(4) / Modulation.NRZ.ber(4)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void fastErfcAgreesWithHipparchusTo1e6Relative() {
        for (double x = -3; x <= 9; x += 0.05) {
            double exact = org.hipparchus.special.Erf.erfc(x);
            assertThat(Modulation.erfc(x)).as("erfc(%s)", x).isCloseTo(exact, within(exact * 1.2e-6));
        }
    }

    @Test
    void opticalBudgetOfDefaultDr() {
        // DR at 50 m: fibre 0.05 km * 0.5 dB/km = 0.025 dB; 2 MPO * 0.5 dB = 1.0 dB -> IL 1.025 dB
        double il = OpticalBudget.channelLossDb(50, 0.5, 2, 0.5);
        assertThat(il).isCloseTo(1.025, within(1e-12));
        // margin = -0.8 - 1.025 - 0.5 - (-4.4) = 2.075 dB
        assertThat(OpticalBudget.marginDb(-0.8, il, 0.5, -4.4)).isCloseTo(2.075, within(1e-12));
        // Q = 3.41 * 10^(2.075/10) = 3.41 * 1.61250 = 5.4986
        assertThat(OpticalBudget.qFromOpticalMargin(3.41, 2.075)).isCloseTo(5.4986, within(0.0001));
        // electrical: 6 dB amplitude doubles Q (10^(6/20) = 1.995)
        assertThat(OpticalBudget.qFromElectricalMargin(2, 6)).isCloseTo(3.990, within(0.001));
    }

    @Test
    void fecCodewordErrorMatchesTheBinomialTail() {
        // n = 3, t = 1, 1-bit symbols: P(>= 2 errors) = 3 p^2 (1-p) + p^3; p = 0.01 -> 2.98e-4
        assertThat(FecModel.codewordErrorRatio(3, 1, 1, 0.01)).isCloseTo(2.98e-4, within(1e-9));
        // t = 0, n = 1: the symbol error itself; 10-bit symbol at BER 1e-3: 1 - 0.999^10 = 9.955e-3
        assertThat(FecModel.codewordErrorRatio(1, 0, 10, 1e-3)).isCloseTo(9.955e-3, within(1e-6));
        // KP4 at its 2.4e-4 threshold gives a tiny frame loss (~1e-13 class), and 1e-3 makes it much worse
        double atThreshold = FecModel.codewordErrorRatio(544, 15, 10, 2.4e-4);
        assertThat(atThreshold).isBetween(1e-16, 1e-10);
        assertThat(FecModel.codewordErrorRatio(544, 15, 10, 1e-3)).isGreaterThan(atThreshold * 1e3);
        assertThat(FecModel.codewordErrorRatio(544, 15, 10, 0)).isZero();
    }

    @Test
    void arrheniusMatchesTheReferenceFactors() {
        // 1/328.15 K - 1/358.15 K = 2.5526e-4 /K; Ea/k = 0.5 / 8.617333e-5 = 5802.2 K -> exponent 1.4811 -> AF 4.398
        // (optics-parameters.md 3.4 lists 4.6 and 8.5; its own formula gives 4.40 and 7.96: see docs/physics.md)
        assertThat(Arrhenius.factor(0.5, 55, 85)).isCloseTo(4.398, within(0.001));
        // 0.7 eV: exponent 2.0736 -> AF 7.953
        assertThat(Arrhenius.factor(0.7, 55, 85)).isCloseTo(7.953, within(0.001));
        assertThat(Arrhenius.factor(0.5, 55, 55)).isEqualTo(1.0);
        // AFR = 100 (1 - exp(-FIT * 8760e-9)); 1141.6 FIT -> 1.0 %/yr
        assertThat(Arrhenius.afrPercent(1141.6)).isCloseTo(0.995, within(0.001));
    }

    @Test
    void thermalModelAddsSelfAndCoupledHeat() {
        // 35 C + 1.0 K/W * 28 W + 0.03 K/W * 1000 W * exp(-230/40) = 35 + 28 + 0.0955 = 63.10 C
        assertThat(ThermalModel.caseTempC(35, 1.0, 28, 0.03, 1000, 230, 40)).isCloseTo(63.095, within(0.001));
        // at zero distance the coupling is full: 35 + 0 + 30 = 65 C
        assertThat(ThermalModel.caseTempC(35, 1.0, 0, 0.03, 1000, 0, 40)).isEqualTo(65.0);
    }

    @Test
    void densityAndEscapeBandwidth() {
        Technology cpo = c.technology("cpo-els-3.2t");
        // 3200 Gb/s over 3200/140 = 22.86 mm -> 140 Gb/s per mm
        assertThat(Density.shorelineGbpsPerMm(cpo)).isCloseTo(140, within(1e-9));
        var sw = c.endpoint("switch-102.4t");
        // engine substrate perimeter 4 * 183 = 732 mm -> floor(732 / 22.857) = 32 ports * 3.2T = 102.4 Tb/s: the
        // 102.4T SerDes, as TH6-Davisson's 16 x 6.4T engines show; the bare 90 mm package would escape only 48 Tb/s
        assertThat(Density.maxEscapeGbps(sw, cpo)).isCloseTo(102_400, within(1e-6));
        var small = new dev.nearlight.core.catalogue.Endpoint(
                sw.id(),
                sw.name(),
                sw.type(),
                sw.serdesLanes(),
                sw.laneGbps(),
                new dev.nearlight.core.catalogue.Param(
                        90, 90, 90, "mm", "test", sw.powerW().confidence()),
                sw.powerW(),
                sw.faceplateMm(),
                sw.scaleUpGbps(),
                sw.nics(),
                sw.costUsd());
        // 4 * 90 = 360 mm -> floor(360 / 22.857) = 15 ports * 3.2T = 48 Tb/s
        assertThat(Density.maxEscapeGbps(small, cpo)).isCloseTo(48_000, within(1e-6));
        Technology plug = c.technology("pluggable-dsp-dr-1.6t");
        // faceplate 880 mm / 13.75 mm = 64 ports * 1.6T = 102.4 Tb/s (equal to the SerDes bandwidth)
        assertThat(Density.maxEscapeGbps(sw, plug)).isCloseTo(102_400, within(1e-6));
    }

    @Test
    void dataRatesParseAndFormat() {
        assertThat(DataRate.parseGbps("1.6T", "--rate")).isEqualTo(1600);
        assertThat(DataRate.parseGbps("800G", "--rate")).isEqualTo(800);
        assertThat(DataRate.parseGbps("3.2t", "--rate")).isEqualTo(3200);
        assertThat(DataRate.parseGbps("400", "--rate")).isEqualTo(400);
        assertThat(DataRate.format(1600)).isEqualTo("1.6T");
        assertThat(DataRate.format(800)).isEqualTo("800G");
        assertThat(DataRate.format(3200)).isEqualTo("3.2T");
    }
}
