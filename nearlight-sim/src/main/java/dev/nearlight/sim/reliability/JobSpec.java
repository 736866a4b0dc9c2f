package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * The training job that runs on the cluster and how it recovers from failures.
 *
 * @param gpus GPUs the job uses (the rest of the cluster are hot spares it can restart on), &gt; 0
 * @param checkpointIntervalHours compute time between checkpoints, or {@code null} for the Young/Daly optimum
 *     {@code sqrt(2 * MTBF * checkpointWriteHours)} computed from the job's interruption rate
 * @param checkpointWriteHours time to write one checkpoint (the job makes no progress meanwhile), &gt;= 0
 * @param restartHours time from an interruption to training again (detect, drain, reschedule, reload), &gt;= 0
 * @param rerouteFabricFailures whether a failed switch-to-switch link or spine/core switch is routed around so the job
 *     runs degraded instead of stopping
 * @param commBoundFraction fraction of step time that scales with network bandwidth (for degraded running), [0, 1]
 * @param failureFreeTimeToTrainDays wall-clock time to train without failures and without checkpoints, &gt; 0
 * @param policy reactions to failures: rail loss, repair schedule, checkpoint mode, drains, transport timeout
 * @param fabricPathLossPerLink fraction of step time lost per dark switch-to-switch uplink the job routes around, from
 *     the flow model on the job's fabric ({@code FabricFaultSlowdown}), in [0, 1]; {@code null} for the rule without a
 *     simulation: {@code commBoundFraction x} the share of the switch's uplinks lost
 */
public record JobSpec(
        int gpus,
        Double checkpointIntervalHours,
        double checkpointWriteHours,
        double restartHours,
        boolean rerouteFabricFailures,
        double commBoundFraction,
        double failureFreeTimeToTrainDays,
        JobPolicy policy,
        Double fabricPathLossPerLink) {
    /** Shortest checkpoint interval a job may ask for: one second (a shorter one only ever writes checkpoints). */
    public static final double MIN_CHECKPOINT_INTERVAL_H = 1.0 / 3600;

    public JobSpec {
        if (fabricPathLossPerLink != null && !(fabricPathLossPerLink >= 0 && fabricPathLossPerLink <= 1)) {
            throw new InputException(
                    "fabric path loss per link " + fabricPathLossPerLink + " out of range: use 0 to 1");
        }
        if (policy == null) {
            throw new InputException("job needs a policy (JobPolicy)");
        }
        if (gpus <= 0) {
            throw new InputException("job gpus " + gpus + " must be > 0");
        }
        if (checkpointIntervalHours != null && (!(checkpointIntervalHours > 0) || checkpointIntervalHours > 1e4)) {
            throw new InputException("checkpoint interval " + checkpointIntervalHours
                    + " h out of range: use (0, 10000] h, or leave it out for the Young/Daly optimum");
        }
        if (!(checkpointWriteHours >= 0) || checkpointWriteHours > 100) {
            throw new InputException(
                    "checkpoint write time " + checkpointWriteHours + " h out of range: use 0 to 100 h");
        }
        if (!(restartHours >= 0) || restartHours > 1000) {
            throw new InputException("restart time " + restartHours + " h out of range: use 0 to 1000 h");
        }
        if (!(commBoundFraction >= 0 && commBoundFraction <= 1)) {
            throw new InputException("commBoundFraction " + commBoundFraction + " out of range: use 0 to 1");
        }
        if (!(failureFreeTimeToTrainDays > 0) || failureFreeTimeToTrainDays > 1e4) {
            throw new InputException("failure-free time to train " + failureFreeTimeToTrainDays
                    + " days out of range: use (0, 10000] days");
        }
        if (checkpointIntervalHours != null && checkpointIntervalHours < MIN_CHECKPOINT_INTERVAL_H) {
            throw new InputException("checkpoint interval " + checkpointIntervalHours * 3600
                    + " s is shorter than a second: use at least 1 s, or leave it out for the Young/Daly optimum");
        }
        if (checkpointIntervalHours != null
                && !policy.asyncCheckpoint()
                && checkpointIntervalHours <= checkpointWriteHours) {
            throw new InputException("a blocking checkpoint every " + checkpointIntervalHours * 60 + " min that takes "
                    + checkpointWriteHours * 60 + " min to write leaves no time to train: give an interval longer"
                    + " than the write time, or leave it out for the Young/Daly optimum");
        }
        if (checkpointIntervalHours == null && checkpointWriteHours == 0 && !policy.asyncCheckpoint()) {
            throw new InputException(
                    "checkpoint write time is 0, so the Young/Daly interval is 0: give checkpointIntervalHours");
        }
    }

    /** A job whose fabric-path faults cost {@code commBoundFraction x} the uplink share lost (no simulation). */
    public JobSpec(
            int gpus,
            Double checkpointIntervalHours,
            double checkpointWriteHours,
            double restartHours,
            boolean rerouteFabricFailures,
            double commBoundFraction,
            double failureFreeTimeToTrainDays,
            JobPolicy policy) {
        this(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                policy,
                null);
    }

    /**
     * Fraction of step time lost while a fabric path the job reroutes is dark: {@code darkUplinks x}
     * {@link #fabricPathLossPerLink} when simulated (at most 1), else {@code commBoundFraction x} the uplink share.
     */
    public double fabricPathLoss(Effect e) {
        if (!e.fabricPath()) {
            return 0;
        }
        return fabricPathLossPerLink != null
                ? Math.min(1, e.darkUplinks() * fabricPathLossPerLink)
                : e.bandwidthLossFraction() * commBoundFraction;
    }

    /** The same job with a simulated loss per dark fabric link ({@code null}: the rule without a simulation). */
    public JobSpec withFabricPathLossPerLink(Double lossPerLink) {
        return new JobSpec(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                policy,
                lossPerLink);
    }

    /** A job with {@link JobPolicy#STRICT} reactions (the first model's behaviour). */
    public JobSpec(
            int gpus,
            Double checkpointIntervalHours,
            double checkpointWriteHours,
            double restartHours,
            boolean rerouteFabricFailures,
            double commBoundFraction,
            double failureFreeTimeToTrainDays) {
        this(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                JobPolicy.STRICT);
    }

    /** Young/Daly optimum checkpoint interval {@code sqrt(2 * mtbfHours * writeHours)} (first order, Young 1974). */
    public static double youngDalyIntervalHours(double mtbfHours, double checkpointWriteHours) {
        if (!(mtbfHours > 0) || !(checkpointWriteHours >= 0)) {
            throw new InputException("Young/Daly needs MTBF > 0 and write time >= 0 (got " + mtbfHours + " h, "
                    + checkpointWriteHours + " h)");
        }
        return Math.sqrt(2 * mtbfHours * checkpointWriteHours);
    }

    /** The checkpoint interval to use given the job's mean time between interruptions. */
    public double effectiveCheckpointIntervalHours(double jobMtbfHours) {
        if (checkpointIntervalHours != null) {
            return checkpointIntervalHours;
        }
        if (policy.asyncCheckpoint()) {
            // a background write costs no stall, so the shortest interval that keeps one write in flight is best
            return Math.max(checkpointWriteHours, 1.0 / 60);
        }
        if (Double.isInfinite(jobMtbfHours)) {
            return 1e4;
        }
        return Math.min(1e4, youngDalyIntervalHours(jobMtbfHours, checkpointWriteHours));
    }

    /** The same job on a different number of GPUs. */
    public JobSpec withGpus(int newGpus) {
        return new JobSpec(
                newGpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                policy,
                fabricPathLossPerLink);
    }

    /** The same job with a given checkpoint interval ({@code null} = Young/Daly). */
    public JobSpec withCheckpointIntervalHours(Double hours) {
        return new JobSpec(
                gpus,
                hours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                policy,
                fabricPathLossPerLink);
    }

    /** The same job with other failure policies. */
    public JobSpec withPolicy(JobPolicy p) {
        return new JobSpec(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                p,
                fabricPathLossPerLink);
    }

    /** The same job with fabric-path failures rerouted or not. */
    public JobSpec withReroute(boolean reroute) {
        return new JobSpec(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                reroute,
                commBoundFraction,
                failureFreeTimeToTrainDays,
                policy,
                fabricPathLossPerLink);
    }

    /** The same job with another failure-free time to train. */
    public JobSpec withFailureFreeTimeToTrainDays(double days) {
        return new JobSpec(
                gpus,
                checkpointIntervalHours,
                checkpointWriteHours,
                restartHours,
                rerouteFabricFailures,
                commBoundFraction,
                days,
                policy,
                fabricPathLossPerLink);
    }
}
