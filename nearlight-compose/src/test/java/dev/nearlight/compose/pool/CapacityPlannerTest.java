package dev.nearlight.compose.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.compose.disagg.DisaggParameters;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
    private final DisaggParameters params = DisaggParameters.defaults();
    private final PoolHardware hw = PoolHardware.defaults();
    private final CapacityPlanner planner = new CapacityPlanner(params, hw);

    @Test
    void staticPlanIsMinimalAndComposableNeedsNoMoreRacks() {
        ClusterSpec base = ClusterSpec.defaults(4).withMemoryBoundFraction(0).withQueueCapacity(1_000_000);
        JobTrace tr =
                SyntheticTrace.parse("jobs=2000,load=0.8,meanDurationS=600").generate(5, base);
        CapacityPlanner.Plan s = planner.plan(tr, base, Placement.STATIC, 600, 64);
        CapacityPlanner.Plan c = planner.plan(tr, base, Placement.FIRST_FIT, 600, 64);
        assertThat(s.met()).isTrue();
        assertThat(c.met()).isTrue();
        assertThat(s.result().p99WaitS()).isLessThanOrEqualTo(600);
        int r = s.cluster().racks();
        if (r > 1) {
            PoolResult fewer = new PoolSimulator(s.cluster().withRacks(r - 1), Placement.STATIC).run(tr);
            assertThat(fewer.p99WaitS() > 600 || fewer.rejectedJobs() > 0).isTrue();
        }
        assertThat(c.cluster().racks()).isLessThanOrEqualTo(r);
        assertThat(c.hardwareNeeded().get("gpus"))
                .isLessThanOrEqualTo(s.hardwareNeeded().get("gpus"));
    }

    @Test
    void staticCapexByHand() {
        // one rack of 8 servers: 8 x (15000 chassis + 64 x 150 + 8 x 30000 + 1024 x 5 + 30 TB x 100)
        ClusterSpec c = ClusterSpec.defaults(1);
        double perServer = 15000 + 64 * 150 + 8 * 30000 + 1024 * 5 + 30 * 100;
        assertThat(planner.capexUsd(c, Placement.STATIC)).isCloseTo(8 * perServer, within(1e-6));
        // composable, same contents: 4 types x 8 chassis x (8000 + optics 2 x 16 x 64 Gb/s x 1 USD) + 1 switch 6000
        double contents = 8 * (64 * 150 + 8 * 30000 + 1024 * 5 + 30 * 100);
        assertThat(planner.capexUsd(c, Placement.LATENCY_AWARE))
                .isCloseTo(contents + 32 * (8000 + 2 * 16 * 64 * 1.0) + 6000, within(1e-6));
    }
}
