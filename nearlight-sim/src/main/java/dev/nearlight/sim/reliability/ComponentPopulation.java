package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * A population of identical, independently failing units (for example "leaf-spine pluggable modules" or "CPO leaf
 * switch engines"), with their repair policy and blast radius. The simulator superposes the failure processes of the
 * {@code count} units instead of simulating each one.
 *
 * @param name unique, human-readable name
 * @param count number of units, &gt;= 0
 * @param failure failure process of one unit
 * @param repair field-replaceable unit and repair policy
 * @param blastRadius what goes down with a failure (descriptive tag for the two numbers below)
 * @param linksDown fabric links out of service from the failure until the repair completes
 * @param gpusDown GPUs unusable from the failure until the repair completes (0 for spine/core parts and software)
 * @param fabricPath whether the unit is on a redundant switch-to-switch path that routing can avoid
 * @param bandwidthLossFraction fraction of the job's network bandwidth lost while the unit is down and traffic is
 *     rerouted (used only when {@code fabricPath} and the job reroutes), in [0, 1]
 */
public record ComponentPopulation(
        String name,
        long count,
        FailureProcess failure,
        RepairPolicy repair,
        BlastRadius blastRadius,
        int linksDown,
        int gpusDown,
        boolean fabricPath,
        double bandwidthLossFraction) {
    public ComponentPopulation {
        if (name == null || name.isBlank()) {
            throw new InputException("component population needs a name");
        }
        if (count < 0) {
            throw new InputException("population '" + name + "': count " + count + " must be >= 0");
        }
        if (failure == null || repair == null || blastRadius == null) {
            throw new InputException("population '" + name + "' needs failure, repair and blastRadius");
        }
        if (linksDown < 0 || gpusDown < 0) {
            throw new InputException("population '" + name + "': linksDown and gpusDown must be >= 0");
        }
        if (!(bandwidthLossFraction >= 0 && bandwidthLossFraction <= 1)) {
            throw new InputException("population '" + name + "': bandwidthLossFraction " + bandwidthLossFraction
                    + " out of range: use 0 to 1");
        }
        if (fabricPath && gpusDown > 0) {
            throw new InputException("population '" + name + "': a fabric-path unit cannot take GPUs down (gpusDown "
                    + gpusDown + "); set fabricPath false or gpusDown 0");
        }
    }

    /** Expected failures of the whole population in {@code [0, hours]}. */
    public double expectedFailures(double hours) {
        return count * failure.expectedFailures(hours);
    }

    /** The same population with a different failure process. */
    public ComponentPopulation withFailure(FailureProcess newFailure) {
        return new ComponentPopulation(
                name, count, newFailure, repair, blastRadius, linksDown, gpusDown, fabricPath, bandwidthLossFraction);
    }

    /** The same population with a different repair policy. */
    public ComponentPopulation withRepair(RepairPolicy newRepair) {
        return new ComponentPopulation(
                name, count, failure, newRepair, blastRadius, linksDown, gpusDown, fabricPath, bandwidthLossFraction);
    }
}
