package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * How the training job and the operators react to failures (the job's defaults are in {@code
 * reliability/defaults.yaml}, section {@code job}; the CLI and the scenario override them).
 *
 * @param railLoss what a node that loses one of its rails does: run degraded (its traffic for that rail crosses
 *     NVLink to another rail, PXN-style), be swapped for a spare node (an interruption; the job waits for the repair
 *     when the outage takes more nodes than there are spares), or be swapped while the spare nodes cover the outage
 *     and otherwise restart on one rail fewer until the repair (an interruption without the wait)
 * @param repairSchedule when a part serviced at board level or by a switch swap (NPO engine, CPO engine) is replaced:
 *     at once, at the next checkpoint (planned stop, no rework), or in the next maintenance window (its ports stay dark
 *     until then)
 * @param maintenanceWindowHours interval between maintenance windows, hours (&gt; 0)
 * @param asyncCheckpoint whether checkpoints are written in the background (no stall; the checkpoint is durable one
 *     write time later) instead of blocking the job
 * @param drainBeforeFailure whether a link whose optical margin erodes (laser wear-out) is drained and its part
 *     replaced at a checkpoint before it fails
 * @param transportTimeoutS how long the transport (RDMA retries, collective watchdog) tolerates a dead link before
 *     the job fails, seconds; shorter flaps are a stall
 * @param rerouteSeconds how long routing takes to move traffic off a failed fabric path, seconds
 */
public record JobPolicy(
        RailLoss railLoss,
        RepairSchedule repairSchedule,
        double maintenanceWindowHours,
        boolean asyncCheckpoint,
        boolean drainBeforeFailure,
        double transportTimeoutS,
        double rerouteSeconds) {
    /**
     * The first model's behaviour: swap a node on any rail loss, repair at once, blocking checkpoints, no drains, every
     * flap interrupts, a weekly window (unused).
     */
    public static final JobPolicy STRICT =
            new JobPolicy(RailLoss.SWAP_NODE, RepairSchedule.IMMEDIATE, 168, false, false, 0, 0);

    public JobPolicy {
        if (railLoss == null || repairSchedule == null) {
            throw new InputException(
                    "job policy needs railLoss (degrade, swap-node or swap-or-degrade) and repairSchedule"
                            + " (immediate, next-checkpoint or maintenance-window)");
        }
        if (!(maintenanceWindowHours > 0) || maintenanceWindowHours > 1e5) {
            throw new InputException(
                    "maintenance window interval " + maintenanceWindowHours + " h out of range: use (0, 100000] h");
        }
        if (!(transportTimeoutS >= 0) || transportTimeoutS > 1e5) {
            throw new InputException("transport timeout " + transportTimeoutS + " s out of range: use 0 to 100000 s");
        }
        if (!(rerouteSeconds >= 0) || rerouteSeconds > 1e5) {
            throw new InputException("reroute time " + rerouteSeconds + " s out of range: use 0 to 100000 s");
        }
    }

    /** What a node does when it loses one rail. */
    public enum RailLoss {
        /** Keep running with one rail fewer (slower collectives); no interruption. */
        DEGRADE,
        /** Interrupt and restart on a spare node (wait for the repair when spares run short). */
        SWAP_NODE,
        /**
         * What an operator does: a rail loss stops the job as under {@link #SWAP_NODE}; it restarts on spares while
         * the spares cover the affected nodes (k &lt;= spare nodes), otherwise with those k nodes on one rail fewer
         * until the repair instead of waiting for it.
         */
        SWAP_OR_DEGRADE;

        /** Whether an outage that costs {@code k} nodes one rail each is met by swapping them for spare nodes. */
        boolean swaps(int k, int spareNodes) {
            return this == SWAP_NODE || (this == SWAP_OR_DEGRADE && k <= spareNodes);
        }
    }

    /** When a board-level or switch-swap repair is done. */
    public enum RepairSchedule {
        IMMEDIATE,
        NEXT_CHECKPOINT,
        MAINTENANCE_WINDOW
    }

    /** The same policy with another rail-loss reaction. */
    public JobPolicy withRailLoss(RailLoss r) {
        return new JobPolicy(
                r,
                repairSchedule,
                maintenanceWindowHours,
                asyncCheckpoint,
                drainBeforeFailure,
                transportTimeoutS,
                rerouteSeconds);
    }

    /** The same policy with another repair schedule. */
    public JobPolicy withRepairSchedule(RepairSchedule s) {
        return new JobPolicy(
                railLoss,
                s,
                maintenanceWindowHours,
                asyncCheckpoint,
                drainBeforeFailure,
                transportTimeoutS,
                rerouteSeconds);
    }

    /** The same policy with drains before failure on or off. */
    public JobPolicy withDrainBeforeFailure(boolean d) {
        return new JobPolicy(
                railLoss,
                repairSchedule,
                maintenanceWindowHours,
                asyncCheckpoint,
                d,
                transportTimeoutS,
                rerouteSeconds);
    }

    /** The same policy with blocking or asynchronous checkpoints. */
    public JobPolicy withAsyncCheckpoint(boolean a) {
        return new JobPolicy(
                railLoss,
                repairSchedule,
                maintenanceWindowHours,
                a,
                drainBeforeFailure,
                transportTimeoutS,
                rerouteSeconds);
    }
}
