package dev.nearlight.explore.compare;

import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.TcoComponent;
import java.util.List;

/** Test-only builders of {@link AlternativeResult}s with chosen values. */
final class TestResults {
    private TestResults() {}

    static Charts emptyCharts() {
        Series empty = new Series("none", "m", "pJ/bit", List.of());
        return new Charts(List.of(), empty, List.of(), List.of(), List.of(), empty);
    }

    /** A run cost of one GPU-time component. */
    static RunCost run(double usd) {
        return new RunCost(List.of(new TcoComponent("gpuTime", "GPU time", usd)), usd, "GPU time", 1000);
    }

    /** A result whose link energy is {@code pj}, MFU {@code mfu}, TCO {@code tco}; escape feasible when {@code ok}. */
    static AlternativeResult result(String alt, String workload, double pj, double mfu, double tco, boolean ok) {
        return new AlternativeResult(
                alt,
                workload,
                new AlternativeResult.Link(pj, 100, ok),
                new AlternativeResult.Fabric(pj * 10, pj * 20),
                new AlternativeResult.Training(10, mfu, 0.1, 50, 1000),
                new AlternativeResult.Reliability(0.99, 1000),
                new AlternativeResult.Cost(tco / 2, tco, tco / 10, run(tco / 10)),
                emptyCharts());
    }
}
