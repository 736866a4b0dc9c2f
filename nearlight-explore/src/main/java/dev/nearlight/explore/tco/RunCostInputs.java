package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.GpuTimePolicy;

/**
 * Everything the cost of one training run needs, as plain numbers, so that the cost can be checked by hand. The run
 * lasts {@code wallHours}: {@code failureFreeHours} of progress, plus time lost to failures, of which {@code
 * busyLostHours} the GPUs spend recomputing work since the last checkpoint (or running degraded) and the rest idle
 * (restarts, waiting for repairs).
 *
 * @param gpuTime how GPU time is charged
 * @param gpus GPUs of the cluster (all of them are held for the run)
 * @param gpusPerNode GPUs per node
 * @param failureFreeHours wall-clock hours the run takes without failures (checkpoint writes included)
 * @param wallHours wall-clock hours of the run, failures included ({@code >= failureFreeHours})
 * @param busyLostHours hours of {@code wallHours - failureFreeHours} during which the GPUs compute (rework, degraded)
 * @param gpuHourUsd price of one GPU-hour ({@link GpuTimePolicy#GPU_HOUR_PRICE})
 * @param nodeCapexUsd purchase price of all GPU nodes, GPUs included ({@link GpuTimePolicy#GPU_CAPEX})
 * @param fabricCapexUsd purchase price of the scale-out fabric (switches, optics, lasers, cables)
 * @param lifetimeYears years over which capex is recovered
 * @param discountRate yearly discount rate of the capital recovery
 * @param nodeBusyW one node's power while the job computes (GPUs at their step-average draw plus the platform), W
 * @param nodeIdleW one node's power while the job is down, W
 * @param fabricPowerW the scale-out fabric's power (switches, optics, host SerDes), drawn all the time, W
 * @param pue facility power / IT power
 * @param electricityUsdPerKwh electricity price
 * @param repairs yearly repair cost of nodes and fabric
 */
public record RunCostInputs(
        GpuTimePolicy gpuTime,
        long gpus,
        int gpusPerNode,
        double failureFreeHours,
        double wallHours,
        double busyLostHours,
        double gpuHourUsd,
        double nodeCapexUsd,
        double fabricCapexUsd,
        int lifetimeYears,
        double discountRate,
        double nodeBusyW,
        double nodeIdleW,
        double fabricPowerW,
        double pue,
        double electricityUsdPerKwh,
        RepairCost repairs) {
    /** Checks ranges and the time identity {@code failureFree + busyLost <= wall}. */
    public RunCostInputs {
        if (gpuTime == null || repairs == null) {
            throw new IllegalArgumentException("gpuTime and repairs are required");
        }
        if (gpus < 1 || gpusPerNode < 1 || gpus % gpusPerNode != 0) {
            throw new IllegalArgumentException("gpus " + gpus + " must be a positive multiple of " + gpusPerNode);
        }
        for (double v : new double[] {
            failureFreeHours,
            wallHours,
            busyLostHours,
            gpuHourUsd,
            nodeCapexUsd,
            fabricCapexUsd,
            discountRate,
            nodeBusyW,
            nodeIdleW,
            fabricPowerW,
            electricityUsdPerKwh
        }) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("run cost inputs must be finite and >= 0, was " + v);
            }
        }
        if (!(failureFreeHours > 0)) {
            throw new IllegalArgumentException("failureFreeHours must be > 0");
        }
        if (failureFreeHours + busyLostHours > wallHours * (1 + 1e-9)) {
            throw new IllegalArgumentException("failure-free " + failureFreeHours + " h + busy lost " + busyLostHours
                    + " h exceed the wall time " + wallHours + " h");
        }
        if (lifetimeYears < 1 || !(pue >= 1)) {
            throw new IllegalArgumentException("lifetimeYears >= 1 and pue >= 1 required");
        }
    }

    /** Nodes of the cluster. */
    public long nodes() {
        return gpus / gpusPerNode;
    }

    /** Hours the job is down with the GPUs idle: wall - failure-free - busy lost. */
    public double idleHours() {
        return Math.max(0, wallHours - failureFreeHours - busyLostHours);
    }
}
