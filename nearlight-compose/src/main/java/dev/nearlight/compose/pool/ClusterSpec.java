package dev.nearlight.compose.pool;

import dev.nearlight.core.InputException;

/**
 * The hardware of a pool-planning run. A static cluster has {@code racks * nodesPerRack} identical servers of the
 * given shape; a composable cluster has the same hardware regrouped per rack into a CPU pool (host sleds), a GPU pool
 * (trays), a memory pool and an NVMe pool, each optionally scaled by {@code poolScale} (the capacity planner shrinks
 * pools independently). Racks stand in a row: a pool {@code k} racks away is {@code intraRackM + k * rackPitchM} of
 * fibre away, through one switch level in the same rack and two across racks.
 *
 * @param racks number of racks
 * @param nodesPerRack servers per rack (and node-equivalents of pooled hardware)
 * @param nodeCpus cores per server
 * @param nodeGpus GPUs per server
 * @param nodeMemoryGiB memory per server
 * @param nodeStorageGb NVMe per server in GB
 * @param poolScale per-type multiplier of composable pool capacity ({@link ResourceType} order), 1 = same hardware
 * @param technology fabric technology name, e.g. {@code cxl3-optical}
 * @param intraRackM fibre length inside a rack
 * @param rackPitchM extra fibre per rack of distance
 * @param latencyBudgetNs added round-trip budget over direct-attached CXL for latency-aware placement
 * @param queueCapacity jobs that may wait; arrivals beyond are rejected
 * @param memoryBoundFraction share of a job's run time that is memory-bound (workload model)
 * @param poolAccessFraction share of memory bytes served by the pool under composable placement
 * @param outstandingPerCore outstanding misses per core (Little's law)
 */
public record ClusterSpec(
        int racks,
        int nodesPerRack,
        int nodeCpus,
        int nodeGpus,
        int nodeMemoryGiB,
        int nodeStorageGb,
        double[] poolScale,
        String technology,
        double intraRackM,
        double rackPitchM,
        double latencyBudgetNs,
        int queueCapacity,
        double memoryBoundFraction,
        double poolAccessFraction,
        double outstandingPerCore) {

    /** Validates every field. */
    public ClusterSpec {
        if (racks < 1 || racks > 100_000) {
            throw new InputException("--racks " + racks + " must be between 1 and 100000");
        }
        if (nodesPerRack < 1 || nodeCpus < 1 || nodeGpus < 0 || nodeMemoryGiB < 1 || nodeStorageGb < 0) {
            throw new InputException("node shape must have >= 1 node per rack, >= 1 core, >= 1 GiB, >= 0 GPUs/storage");
        }
        poolScale = poolScale == null ? new double[] {1, 1, 1, 1} : poolScale.clone();
        if (poolScale.length != ResourceType.COUNT) {
            throw new InputException("poolScale needs " + ResourceType.COUNT + " entries (cpu, gpu, memory, storage)");
        }
        for (double s : poolScale) {
            if (!(s >= 0 && s <= 1000)) {
                throw new InputException("pool scale " + s + " must be in [0, 1000]");
            }
        }
        if (!(intraRackM >= 0) || !(rackPitchM >= 0) || !(latencyBudgetNs >= 0)) {
            throw new InputException("intraRackM, rackPitchM and latencyBudgetNs must be >= 0");
        }
        if (queueCapacity < 0) {
            throw new InputException("--queue " + queueCapacity + " must be >= 0");
        }
        if (!(memoryBoundFraction >= 0 && memoryBoundFraction <= 1)
                || !(poolAccessFraction >= 0 && poolAccessFraction <= 1)
                || !(outstandingPerCore > 0)) {
            throw new InputException(
                    "memoryBoundFraction and poolAccessFraction must be in [0, 1] and outstandingPerCore > 0");
        }
    }

    /**
     * Defaults: 8 servers per rack of 64 cores, 8 GPUs, 1024 GiB and 30 TB; cxl3-optical fabric, 3 m in the rack and
     * 1.5 m per rack; +1000 ns budget; queue of 10,000; 30 % memory-bound, half the bytes from the pool.
     */
    public static ClusterSpec defaults(int racks) {
        return new ClusterSpec(
                racks, 8, 64, 8, 1024, 30_000, null, "cxl3-optical", 3.0, 1.5, 1000, 10_000, 0.3, 0.5, 10);
    }

    /** Per-type pool scales ({@link ResourceType} order); a copy. */
    @Override
    public double[] poolScale() {
        return poolScale.clone();
    }

    /** Composable capacity of one rack's pool of this type (static: node count times the node shape). */
    public long capacityPerRack(ResourceType t) {
        return (long) Math.floor(poolScale[t.ordinal()] * nodesPerRack * (double) nodeShape(t));
    }

    /** Per-node amount of a type. */
    public int nodeShape(ResourceType t) {
        return switch (t) {
            case CPU -> nodeCpus;
            case GPU -> nodeGpus;
            case MEMORY -> nodeMemoryGiB;
            case STORAGE -> nodeStorageGb;
        };
    }

    /** Whole-cluster capacity of a type under the given policy. */
    public long totalCapacity(ResourceType t, Placement p) {
        return p.composable() ? racks * capacityPerRack(t) : (long) racks * nodesPerRack * nodeShape(t);
    }

    /** Fibre length to a pool {@code offset} racks away. */
    public double distanceM(int offset) {
        return intraRackM + offset * rackPitchM;
    }

    /** A copy with another rack count. */
    public ClusterSpec withRacks(int r) {
        return new ClusterSpec(
                r,
                nodesPerRack,
                nodeCpus,
                nodeGpus,
                nodeMemoryGiB,
                nodeStorageGb,
                poolScale,
                technology,
                intraRackM,
                rackPitchM,
                latencyBudgetNs,
                queueCapacity,
                memoryBoundFraction,
                poolAccessFraction,
                outstandingPerCore);
    }

    /** A copy with other pool scales. */
    public ClusterSpec withPoolScale(double[] scale) {
        return new ClusterSpec(
                racks,
                nodesPerRack,
                nodeCpus,
                nodeGpus,
                nodeMemoryGiB,
                nodeStorageGb,
                scale,
                technology,
                intraRackM,
                rackPitchM,
                latencyBudgetNs,
                queueCapacity,
                memoryBoundFraction,
                poolAccessFraction,
                outstandingPerCore);
    }

    /** A copy with another workload memory-bound fraction (0 switches the slowdown off). */
    public ClusterSpec withMemoryBoundFraction(double f) {
        return new ClusterSpec(
                racks,
                nodesPerRack,
                nodeCpus,
                nodeGpus,
                nodeMemoryGiB,
                nodeStorageGb,
                poolScale,
                technology,
                intraRackM,
                rackPitchM,
                latencyBudgetNs,
                queueCapacity,
                f,
                poolAccessFraction,
                outstandingPerCore);
    }

    /** A copy with another queue bound. */
    public ClusterSpec withQueueCapacity(int q) {
        return new ClusterSpec(
                racks,
                nodesPerRack,
                nodeCpus,
                nodeGpus,
                nodeMemoryGiB,
                nodeStorageGb,
                poolScale,
                technology,
                intraRackM,
                rackPitchM,
                latencyBudgetNs,
                q,
                memoryBoundFraction,
                poolAccessFraction,
                outstandingPerCore);
    }

    /** A copy with another latency budget. */
    public ClusterSpec withLatencyBudgetNs(double b) {
        return new ClusterSpec(
                racks,
                nodesPerRack,
                nodeCpus,
                nodeGpus,
                nodeMemoryGiB,
                nodeStorageGb,
                poolScale,
                technology,
                intraRackM,
                rackPitchM,
                b,
                queueCapacity,
                memoryBoundFraction,
                poolAccessFraction,
                outstandingPerCore);
    }
}
