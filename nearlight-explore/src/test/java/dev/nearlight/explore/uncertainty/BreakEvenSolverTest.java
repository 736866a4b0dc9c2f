package dev.nearlight.explore.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.explore.compare.BreakEven;
import dev.nearlight.explore.compare.Metric;
import org.junit.jupiter.api.Test;

class BreakEvenSolverTest {
    @Test
    void linearCostsCrossWhereHandDerived() {
        // a: 100 + 20 x, b: 130 + 5 x  ->  equal at 15 x = 30, x = 2
        BreakEven b = BreakEvenSolver.solve(
                "opticsPrice", "Optics price", "x", Metric.COST_PER_MODEL, "a", "b", "w", 1, 0.1, 10, x ->
                        new double[] {100 + 20 * x, 130 + 5 * x});
        assertThat(b.found()).isTrue();
        assertThat(b.value()).isCloseTo(2.0, within(1e-7));
        // checked by re-evaluation: a cheaper just below, dearer just above
        assertThat(b.belowDifference()).isNegative();
        assertThat(b.aboveDifference()).isPositive();
        assertThat(b.curve()).hasSize(BreakEvenSolver.GRID);
        assertThat(b.curve().get(0)[0]).isCloseTo(0.1, within(1e-12));
        assertThat(b.curve().get(BreakEvenSolver.GRID - 1)[0]).isCloseTo(10, within(1e-9));
    }

    @Test
    void noCrossingInTheRangeIsReportedAsNone() {
        BreakEven b = BreakEvenSolver.solve(
                "pue", "PUE", "x", Metric.TCO, "a", "b", "w", 1, 0.1, 10, x -> new double[] {x, x + 1});
        assertThat(b.found()).isFalse();
        assertThat(b.value()).isNaN();
    }

    @Test
    void offsetsSearchLinearlyAndPickTheCrossingNearestTheScenario() {
        // difference (x - 4)(x + 21): crossings at -21 and 4; the scenario's 0 is nearer 4. A crossing exactly on
        // a grid point (x - 5: the grid is -30, -25, ..., 30) is found too
        BreakEven b = BreakEvenSolver.solve("coolantC", "Coolant", "C", Metric.TCO, "a", "b", "w", 0, -30, 30, x ->
                new double[] {(x - 4) * (x + 21), 0});
        assertThat(b.value()).isCloseTo(4, within(1e-6));
        BreakEven onGrid = BreakEvenSolver.solve(
                "coolantC", "Coolant", "C", Metric.TCO, "a", "b", "w", 0, -30, 30, x -> new double[] {x - 5, 0});
        assertThat(onGrid.value()).isCloseTo(5, within(1e-6));
    }

    @Test
    void aStepIsNoBreakEvenWhenReEvaluationDoesNotConfirm() {
        // a jump with no sign change on the grid gives none; a discontinuity that does change sign is confirmed
        BreakEven step = BreakEvenSolver.solve("laserFit", "Laser FIT", "x", Metric.TCO, "a", "b", "w", 1, 0.1, 10, x ->
                new double[] {x < 3 ? 1 : 3, 2});
        assertThat(step.value()).isCloseTo(3, within(1e-6));
        assertThat(step.belowDifference()).isEqualTo(-1);
        assertThat(step.aboveDifference()).isEqualTo(1);
    }
}
