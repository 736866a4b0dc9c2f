package dev.nearlight.sim.reliability;

/**
 * The estimator contract for the Monte Carlo mode: 300 replications on 2 threads; exact values within the 95 %
 * interval widened to 99.9 % (z 3.29 instead of 1.97).
 */
class MonteCarloReliabilityContractTest extends ReliabilityEstimatorContractTest {
    @Override
    ReliabilityEstimator estimator() {
        return new MonteCarloReliability(300, 17, 2);
    }

    @Override
    double slack(Estimate e) {
        return e.halfWidth() * (3.29 / 1.97 - 1);
    }
}
