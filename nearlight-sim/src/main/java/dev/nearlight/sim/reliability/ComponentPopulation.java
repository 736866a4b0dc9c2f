package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * A population of identical, independently failing units (for example "leaf-spine pluggable modules" or "leaf NPO
 * engines"), with their repair policy and what goes down. The simulator superposes the failure processes of the
 * {@code count} units instead of simulating each one.
 *
 * @param name unique, human-readable name
 * @param count number of units, &gt;= 0
 * @param failure failure process of one unit (for flaps: the flap process)
 * @param repair field-replaceable unit and repair policy ({@link RepairPolicy#restartOnly()} for flaps and software)
 * @param blastRadius what goes down with a failure (descriptive tag)
 * @param linksDown fabric links out of service from the failure until the repair completes (fabric availability)
 * @param category root-cause category of the interruptions it causes
 * @param fault what is out of service from the failure until the repair completes
 * @param service what is out of service while a technician replaces the unit (its host switch or node, for parts
 *     serviced at board level or by a switch swap; {@link Effect#NONE} for hot-swapped parts)
 * @param drainableFraction share of failures announced by an eroding margin (laser wear-out), which a job that drains
 *     before failure replaces at a checkpoint instead, [0, 1]
 * @param flapMeanHours for a flap population, the mean flap duration (exponential) in hours; 0 for failures
 */
public record ComponentPopulation(
        String name,
        long count,
        FailureProcess failure,
        RepairPolicy repair,
        BlastRadius blastRadius,
        int linksDown,
        Category category,
        Effect fault,
        Effect service,
        double drainableFraction,
        double flapMeanHours) {
    public ComponentPopulation {
        if (name == null || name.isBlank()) {
            throw new InputException("component population needs a name");
        }
        if (count < 0) {
            throw new InputException("population '" + name + "': count " + count + " must be >= 0");
        }
        if (failure == null
                || repair == null
                || blastRadius == null
                || category == null
                || fault == null
                || service == null) {
            throw new InputException(
                    "population '" + name + "' needs failure, repair, blastRadius, category, fault and service");
        }
        if (linksDown < 0) {
            throw new InputException("population '" + name + "': linksDown must be >= 0");
        }
        if (!(drainableFraction >= 0 && drainableFraction <= 1)) {
            throw new InputException(
                    "population '" + name + "': drainableFraction " + drainableFraction + " out of range: use 0 to 1");
        }
        if (!(flapMeanHours >= 0) || Double.isInfinite(flapMeanHours)) {
            throw new InputException("population '" + name + "': flapMeanHours must be a finite number >= 0");
        }
        if (flapMeanHours > 0 && repair.needsRepair()) {
            throw new InputException("population '" + name + "': a flap needs no repair: use restartOnly()");
        }
    }

    /**
     * A failure population in the form of the first model: the fault effect from {@code gpusDown} (whole nodes),
     * {@code fabricPath} and {@code bandwidthLossFraction}, no service outage, nothing drainable; the category from the
     * blast radius (none: software; node: host; otherwise network).
     */
    public ComponentPopulation(
            String name,
            long count,
            FailureProcess failure,
            RepairPolicy repair,
            BlastRadius blastRadius,
            int linksDown,
            int gpusDown,
            boolean fabricPath,
            double bandwidthLossFraction) {
        this(
                name,
                count,
                failure,
                repair,
                blastRadius,
                linksDown,
                blastRadius == BlastRadius.NONE
                        ? Category.SOFTWARE
                        : blastRadius == BlastRadius.NODE ? Category.HOST : Category.NETWORK,
                new Effect(gpusDown, 0, fabricPath, fabricPath ? bandwidthLossFraction : 0),
                Effect.NONE,
                0,
                0);
    }

    /** GPUs whose node is out while the unit is failed. */
    public int gpusDown() {
        return fault.gpusDown();
    }

    /** Whether the unit is on redundant fabric paths. */
    public boolean fabricPath() {
        return fault.fabricPath();
    }

    /** Uplink bandwidth fraction lost while rerouted around the failed unit. */
    public double bandwidthLossFraction() {
        return fault.bandwidthLossFraction();
    }

    /** Whether this population's events are link flaps (no part fails). */
    public boolean flap() {
        return flapMeanHours > 0;
    }

    /** Expected failures of the whole population in {@code [0, hours]}. */
    public double expectedFailures(double hours) {
        return count * failure.expectedFailures(hours);
    }

    /** The same population with a different failure process. */
    public ComponentPopulation withFailure(FailureProcess newFailure) {
        return new ComponentPopulation(
                name,
                count,
                newFailure,
                repair,
                blastRadius,
                linksDown,
                category,
                fault,
                service,
                drainableFraction,
                flapMeanHours);
    }

    /** The same population with a different repair policy. */
    public ComponentPopulation withRepair(RepairPolicy newRepair) {
        return new ComponentPopulation(
                name,
                count,
                failure,
                newRepair,
                blastRadius,
                linksDown,
                category,
                fault,
                service,
                drainableFraction,
                flapMeanHours);
    }

    /** The same population in another category. */
    public ComponentPopulation withCategory(Category c) {
        return new ComponentPopulation(
                name,
                count,
                failure,
                repair,
                blastRadius,
                linksDown,
                c,
                fault,
                service,
                drainableFraction,
                flapMeanHours);
    }
}
