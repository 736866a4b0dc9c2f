package dev.nearlight.sim.reliability;

/**
 * Estimates the reliability metrics of a cluster over a lifetime. Two implementations: {@link MonteCarloReliability}
 * (replications with confidence intervals) and {@link AnalyticalReliability} (expected values, for sweeps).
 */
public interface ReliabilityEstimator {
    /** Estimates the metrics of {@code model} over {@code years} years of operation. */
    ReliabilityResult estimate(ClusterReliabilityModel model, double years);
}
