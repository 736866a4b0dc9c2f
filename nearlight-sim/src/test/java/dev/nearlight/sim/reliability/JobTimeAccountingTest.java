package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JobTimeAccountingTest {
    @Test
    void stopsAddAndSlowdownsCompound() {
        // 100 h: 2 h rework, 3 h restarts, 1 h waiting, 4 h stalled -> ETTR 0.9; 10 slowdown-hours -> e^-0.1 of the
        // speed
        JobTimeAccounting a = JobTimeAccounting.of(100, 2, 3, 1, 10, 4);
        assertThat(a.ettrBeforeCheckpoints()).isCloseTo(0.9, within(1e-15));
        assertThat(a.jobAvailability()).isCloseTo(0.9 * Math.exp(-0.1), within(1e-15));
        // slow running costs 0.9 x (1 - e^-0.1) x 100 = 8.5646 h, less than the 10 h a plain sum would charge
        assertThat(a.degradedHours()).isCloseTo(90 * (1 - Math.exp(-0.1)), within(1e-12));
        assertThat(a.lostHours()).isCloseTo(10 + 90 * (1 - Math.exp(-0.1)), within(1e-12));
        assertThat(a.lostHours()).isCloseTo(100 * (1 - a.jobAvailability()), within(1e-12));
    }

    @Test
    void overlappingSlowdownsNeverStopTheJob() {
        // slowdowns summing to three times the horizon (many concurrent degraded outages) leave e^-3 of the speed,
        // where the plain sum reached "no progress"
        JobTimeAccounting a = JobTimeAccounting.of(100, 0, 0, 0, 300, 0);
        assertThat(a.jobAvailability()).isCloseTo(Math.exp(-3), within(1e-15));
        assertThat(a.ettrBeforeCheckpoints()).isEqualTo(1.0);
    }

    @Test
    void firstOrderEqualsThePlainSumAndStaysInRange() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            double h = r.nextDouble(1, 1e5);
            double[] l = new double[5];
            for (int k = 0; k < 5; k++) {
                l[k] = r.nextDouble() * r.nextDouble() * h;
            }
            JobTimeAccounting a = JobTimeAccounting.of(h, l[0], l[1], l[2], l[3], l[4]);
            assertThat(a.jobAvailability()).isBetween(0.0, a.ettrBeforeCheckpoints());
            assertThat(a.ettrBeforeCheckpoints()).isBetween(0.0, 1.0);
            assertThat(a.degradedHours()).isBetween(0.0, l[3] + 1e-9 * h);
            // small losses: the plain sum to second order
            double eps = 1e-4;
            JobTimeAccounting s = JobTimeAccounting.of(h, eps * l[0], eps * l[1], eps * l[2], eps * l[3], eps * l[4]);
            double sum = eps * (l[0] + l[1] + l[2] + l[3] + l[4]) / h;
            assertThat(s.jobAvailability()).isCloseTo(1 - sum, within(sum * sum + 1e-15));
        }
        assertThatThrownBy(() -> JobTimeAccounting.of(0, 0, 0, 0, 0, 0)).hasMessageContaining("horizon");
    }
}
