package dev.nearlight.explore.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished sweep produced: where its files are, how many points it evaluated in this run, and the analysis.
 *
 * @param sweep the sweep
 * @param outDir the output directory
 * @param totalPoints the sweep's design points
 * @param resumedFrom the first point evaluated in this run (0 unless resumed)
 * @param catalogueSha256 the catalogue hash stored in the manifest
 * @param analysis counts, Pareto front, top-N, chart sample, Sobol indices
 */
public record SweepOutcome(
        SweepFile sweep, Path outDir, long totalPoints, long resumedFrom, String catalogueSha256, Analysis analysis) {
    /**
     * The analysis of all rows.
     *
     * @param points design points read
     * @param rows rows read
     * @param feasible rows evaluated and meeting every constraint
     * @param invalid rows of points whose scenario is invalid
     * @param infeasible rows a model rejected
     * @param firstProblem the first invalid or infeasible row's message, or empty
     * @param front the Pareto front of the feasible rows, best first on the first objective
     * @param top the best feasible rows on the first objective
     * @param sample a seeded uniform sample of feasible rows (at most {@link SweepAnalysis#SAMPLE})
     * @param sensitivity Sobol indices per alternative, workload and objective (Saltelli sampling only)
     */
    public record Analysis(
            long points,
            long rows,
            long feasible,
            long invalid,
            long infeasible,
            String firstProblem,
            List<SweepRow> front,
            List<SweepRow> top,
            List<SweepRow> sample,
            List<SweepAnalysis.Sensitivity> sensitivity) {
        /** Copies the lists. */
        public Analysis {
            front = List.copyOf(front);
            top = List.copyOf(top);
            sample = List.copyOf(sample);
            sensitivity = List.copyOf(sensitivity);
        }
    }
}
