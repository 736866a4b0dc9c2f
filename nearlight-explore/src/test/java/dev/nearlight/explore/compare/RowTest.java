package dev.nearlight.explore.compare;

import static dev.nearlight.explore.compare.TestResults.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {
    @Test
    void lowerIsBetterMarksTheMinimumAndHigherIsBetterTheMaximum() {
        List<AlternativeResult> rs = List.of(
                result("pluggable", "w", 21.0, 0.40, 300, true),
                result("npo", "w", 8.5, 0.43, 250, true),
                result("cpo", "w", 7.2, 0.42, 260, true));
        assertThat(Row.of(Metric.LINK_ENERGY, rs).best()).containsExactly(false, false, true);
        assertThat(Row.of(Metric.MFU, rs).best()).containsExactly(false, true, false);
        assertThat(Row.of(Metric.TCO, rs).best()).containsExactly(false, true, false);
        assertThat(Row.of(Metric.TCO, rs).values()).containsExactly(300.0, 250.0, 260.0);
    }

    @Test
    void tiesAreAllMarkedAllEqualNoneAndNanIsSkipped() {
        List<AlternativeResult> ties = List.of(
                result("a", "w", 5, 0.4, 100, true),
                result("b", "w", 5, 0.4, 100, false),
                result("c", "w", 6, 0.4, Double.NaN, true));
        assertThat(Row.of(Metric.LINK_ENERGY, ties).best()).containsExactly(true, true, false);
        // all MFU equal: nothing to choose, nothing marked
        assertThat(Row.of(Metric.MFU, ties).best()).containsExactly(false, false, false);
        // NaN TCO is not a candidate; the two finite ones are equal
        assertThat(Row.of(Metric.TCO, ties).best()).containsExactly(false, false, false);
        // boolean: feasible (1) beats infeasible (0)
        assertThat(Row.of(Metric.ESCAPE_FEASIBLE, ties).best()).containsExactly(true, false, true);
    }

    @Test
    void differencesBelowTheTieToleranceAreTies() {
        // 10.369 s steps that differ by 100 ns of link latency (1e-8 relative) are not a "best"
        List<AlternativeResult> near = List.of(
                result("a", "w", 5, 0.262, 100, true),
                result("b", "w", 5, 0.262 * (1 + 1e-8), 100, true),
                result("c", "w", 5, 0.262 * (1 + 5e-5), 100, true));
        assertThat(Row.of(Metric.MFU, near).best()).containsExactly(false, false, false);
        // 0.1 % apart is a real difference: only the highest MFU is marked
        List<AlternativeResult> apart =
                List.of(result("a", "w", 5, 0.262, 100, true), result("b", "w", 5, 0.262 * 1.001, 100, true));
        assertThat(Row.of(Metric.MFU, apart).best()).containsExactly(false, true);
    }

    @Test
    void columnsOfDifferentWorkloadsAreMarkedSeparately() {
        List<AlternativeResult> rs = List.of(
                result("npo", "small", 8, 0.5, 100, true),
                result("cpo", "small", 7, 0.4, 120, true),
                result("npo", "big", 8, 0.3, 900, true),
                result("cpo", "big", 7, 0.35, 800, true));
        assertThat(Row.of(Metric.MFU, rs).best()).containsExactly(true, false, false, true);
        assertThat(Row.of(Metric.TCO, rs).best()).containsExactly(true, false, false, true);
        assertThat(Row.of(Metric.TCO, rs.subList(0, 1)).best()).containsExactly(false);
    }

    @Test
    void formattingScalesToTheDisplayUnit() {
        assertThat(Metric.MFU.format(0.4312)).isEqualTo("43.1");
        assertThat(Metric.TCO.format(412_345_678)).isEqualTo("412.35");
        assertThat(Metric.ESCAPE_FEASIBLE.format(1)).isEqualTo("yes");
        assertThat(Metric.ESCAPE_FEASIBLE.format(0)).isEqualTo("no");
        assertThat(Metric.STEP_TIME.format(Double.NaN)).isEqualTo("n/a");
        assertThat(Metric.GPU_HOURS_LOST.format(12345.6)).isEqualTo("12,346");
        assertThat(Metric.TCO.labelWithUnit()).isEqualTo("Lifetime TCO (M USD)");
        assertThat(Metric.ids()).hasSize(15).doesNotHaveDuplicates();
    }
}
