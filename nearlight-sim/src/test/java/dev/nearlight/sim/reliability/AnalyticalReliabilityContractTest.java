package dev.nearlight.sim.reliability;

/** The estimator contract for the analytical mode: exact expected values, no slack. */
class AnalyticalReliabilityContractTest extends ReliabilityEstimatorContractTest {
    @Override
    ReliabilityEstimator estimator() {
        return new AnalyticalReliability();
    }

    @Override
    double slack(Estimate e) {
        return 0;
    }
}
