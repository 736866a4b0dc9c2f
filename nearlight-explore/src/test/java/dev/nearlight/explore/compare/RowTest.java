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
    void tiesGiveNoBestAndNanIsSkipped() {
        List<AlternativeResult> ties = List.of(
                result("a", "w", 5, 0.4, 100, true),
                result("b", "w", 5, 0.4, 100, false),
                result("c", "w", 6, 0.4, Double.NaN, true));
        // two columns share the lowest link energy: no robust winner
        assertThat(Row.of(Metric.LINK_ENERGY, ties).best()).containsExactly(false, false, false);
        assertThat(Row.of(Metric.MFU, ties).best()).containsExactly(false, false, false);
        // NaN TCO is not a candidate; the two finite ones are equal
        assertThat(Row.of(Metric.TCO, ties).best()).containsExactly(false, false, false);
        // boolean: two feasible (1) against one infeasible (0) is a tie at the top
        assertThat(Row.of(Metric.ESCAPE_FEASIBLE, ties).best()).containsExactly(false, false, false);
        List<AlternativeResult> one =
                List.of(result("a", "w", 5, 0.4, 100, true), result("b", "w", 5, 0.4, 100, false));
        assertThat(Row.of(Metric.ESCAPE_FEASIBLE, one).best()).containsExactly(true, false);
    }

    @Test
    void differencesBelowTheToleranceAreNoRanking() {
        // a 2e-5 difference is not a "best", nor is 0.5 % at the default 1 % tolerance
        List<AlternativeResult> near = List.of(
                result("a", "w", 5, 0.262, 100, true),
                result("b", "w", 5, 0.262 * (1 + 2e-5), 100, true),
                result("c", "w", 5, 0.262 * (1 + 5e-3), 100, true));
        assertThat(Row.of(Metric.MFU, near).best()).containsExactly(false, false, false);
        // 2 % apart is a real difference: only the highest MFU is marked
        List<AlternativeResult> apart =
                List.of(result("a", "w", 5, 0.262, 100, true), result("b", "w", 5, 0.262 * 1.02, 100, true));
        assertThat(Row.of(Metric.MFU, apart).best()).containsExactly(false, true);
        // a tighter tolerance ranks 0.5 %
        assertThat(Row.of(Metric.MFU, near, null, 1e-3, 0.8).best()).containsExactly(false, false, true);
    }

    @Test
    void withUncertaintyTheBestMustWinInTheThresholdShareOfSamples() {
        List<AlternativeResult> rs =
                List.of(result("a", "w", 5, 0.40, 100, true), result("b", "w", 4, 0.40, 100, true));
        java.util.function.Function<Double, Uncertainty> u = p -> new Uncertainty(
                100,
                java.util.Map.of(),
                1,
                java.util.Map.of(Metric.LINK_ENERGY, List.of(Interval.NONE, Interval.NONE)),
                java.util.Map.of(Metric.LINK_ENERGY, List.of(1 - p, p)));
        // b is 20 % lower; best in 79 % of samples is not robust at the 0.8 threshold, 80 % is
        assertThat(Row.of(Metric.LINK_ENERGY, rs, u.apply(0.79), 0.01, 0.8).best())
                .containsExactly(false, false);
        assertThat(Row.of(Metric.LINK_ENERGY, rs, u.apply(0.80), 0.01, 0.8).best())
                .containsExactly(false, true);
        assertThat(Row.of(Metric.LINK_ENERGY, rs, u.apply(0.80), 0.01, 0.8).probabilityBest())
                .containsExactly(1 - 0.80, 0.80);
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
        assertThat(Metric.TCO.labelWithUnit()).isEqualTo("Fabric TCO (M USD)");
        assertThat(Metric.TCO.contains()).startsWith("fabric capex");
        assertThat(Metric.ids()).hasSize(25).doesNotHaveDuplicates();
    }
}
