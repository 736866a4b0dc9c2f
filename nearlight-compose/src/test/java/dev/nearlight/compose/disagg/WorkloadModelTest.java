package dev.nearlight.compose.disagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WorkloadModelTest {
    private final WorkloadModel.Tier local = new WorkloadModel.Tier(100, 200);
    private final WorkloadModel.Tier pool = new WorkloadModel.Tier(400, 121);

    @Test
    void littlesLawLatencyBound() {
        // 8 cores x 10 outstanding x 64 B / 400 ns = 12.8 GB/s < 121 GB/s -> latency bound
        var p = new WorkloadModel.Profile(1.0, 1.0, 8, 10, 64);
        assertThat(WorkloadModel.throughputGBps(p, pool)).isCloseTo(12.8, within(1e-12));
        assertThat(WorkloadModel.latencyBound(p, pool)).isTrue();
        // local: 5120 / 100 = 51.2 GB/s; all pool traffic -> memory phase 4x slower
        assertThat(WorkloadModel.memorySlowdown(p, local, pool)).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void bandwidthBoundAndMixedFraction() {
        // 64 cores x 16 x 64 B = 65536 B; /100 ns = 655 GB/s capped at 200; /400 = 163.8 capped at 121
        var p = new WorkloadModel.Profile(0.5, 0.25, 64, 16, 64);
        assertThat(WorkloadModel.latencyBound(p, pool)).isFalse();
        // stretch = (0.75/200 + 0.25/121) * 200 = 0.75 + 0.41322 = 1.16322; job = 0.5 + 0.5 * 1.16322
        assertThat(WorkloadModel.memorySlowdown(p, local, pool))
                .isCloseTo(0.5 + 0.5 * (0.75 + 50.0 / 121), within(1e-9));
        var none = new WorkloadModel.Profile(0.0, 1.0, 64, 16, 64);
        assertThat(WorkloadModel.memorySlowdown(none, local, pool)).isEqualTo(1.0);
    }

    @Test
    void offloadOverlapsCompute() {
        // 12.1 GB over 121 GB/s = 0.1 s + 400 ns; compute 0.25 s with 20 % overlap hides 0.05 s
        double t = WorkloadModel.offloadStepTimeS(0.25, 12.1e9, pool, 0.2);
        assertThat(t).isCloseTo(0.25 + 0.1 + 400e-9 - 0.05, within(1e-12));
        assertThat(WorkloadModel.offloadStepTimeS(0.25, 12.1e9, pool, 1.0)).isEqualTo(0.25);
        assertThat(WorkloadModel.offloadSlowdown(0.25, 12.1e9, local, pool, 0)).isGreaterThan(1.0);
    }
}
