package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class ArrheniusTest {

    @Test
    void accelerationFactor55To85AtHalfAnEvIsHandComputed() {
        // 1/328.15 - 1/358.15 = 0.0030473868 - 0.0027921262 = 2.552606e-4 /K
        // Ea/k = 0.5 / 8.617333e-5 = 5802.27 K ; exponent = 1.48109 ; exp(1.48109) = 4.3977
        // (optics-parameters.md 3.4 prints 4.6 for this row; the arithmetic gives 4.40.)
        assertThat(Arrhenius.accelerationFactor(0.5, 55, 85)).isCloseTo(4.3977, within(1e-3));
        // Ea 0.7 eV: exponent 1.48109 * 1.4 = 2.07353 ; exp = 7.9528 (table prints 8.5)
        assertThat(Arrhenius.accelerationFactor(0.7, 55, 85)).isCloseTo(7.9528, within(1e-3));
    }

    @Test
    void laserFitAtTemperatureScalesTheReference() {
        assertThat(Arrhenius.fitAt(50, 55, 85, 0.5)).isCloseTo(50 * 4.3977, within(0.05));
        assertThat(Arrhenius.fitAt(50, 55, 55, 0.5)).isEqualTo(50.0);
        // cooler than the reference lowers the rate: 55 -> 45 C, exponent 5802.27 * (1/328.15 - 1/318.15) = -0.5558
        assertThat(Arrhenius.fitAt(50, 55, 45, 0.5)).isCloseTo(50 * 0.57363, within(0.01));
    }

    @Test
    void forwardAndBackwardFactorsMultiplyToOne() {
        for (double t = 20; t <= 100; t += 7) {
            double f = Arrhenius.accelerationFactor(0.52, 40, t) * Arrhenius.accelerationFactor(0.52, t, 40);
            assertThat(f).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void rejectsNonPhysicalInputs() {
        assertThatThrownBy(() -> Arrhenius.accelerationFactor(-0.5, 55, 85))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("activation energy");
        assertThatThrownBy(() -> Arrhenius.fitAt(50, 55, -300, 0.5)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> Arrhenius.fitAt(-1, 55, 85, 0.5)).isInstanceOf(InputException.class);
    }
}
