package dev.nearlight.sim.astra;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.collective.CollectiveAlgorithm;
import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.DirectAlgorithm;
import dev.nearlight.sim.collective.DoubleBinaryTreeAlgorithm;
import dev.nearlight.sim.collective.HalvingDoublingAlgorithm;
import dev.nearlight.sim.collective.RingAlgorithm;
import java.util.List;

/**
 * The parts of an ASTRA-sim 2.0 system configuration (its {@code --system-configuration} JSON) that decide how a
 * collective is composed and scheduled: the algorithm per network dimension for each collective type, the number of
 * chunks a collective is split into ({@code preferred-dataset-splits}), how many chunks may be active in one
 * dimension phase at once ({@code active-chunks-per-dimension}) and the multi-dimensional composition
 * ({@code collective-optimization}), and the time an endpoint spends at every step ({@code endpoint-delay}, and
 * reading two buffers and writing one at {@code local-mem-bw} for a reduction step). Keys ASTRA-sim reads that do
 * not change the timing of one collective (scheduling policy between collectives, roofline compute) are accepted and
 * listed in docs/sim.md.
 *
 * @param endpointDelayNs {@code endpoint-delay}: cycles (ns) an endpoint spends on each step's message
 * @param localMemBwBytesPerNs {@code local-mem-bw} in GB/s (= bytes per ns)
 */
public record AstraSystem(
        int preferredDatasetSplits,
        int activeChunksPerDimension,
        List<Impl> allReduce,
        List<Impl> reduceScatter,
        List<Impl> allGather,
        List<Impl> allToAll,
        Optimization collectiveOptimization,
        String intraDimensionScheduling,
        String interDimensionScheduling,
        double endpointDelayNs,
        double localMemBwBytesPerNs) {

    /**
     * A system without endpoint costs ({@code endpoint-delay} 0, infinite {@code local-mem-bw}): the network timing
     * alone.
     */
    public AstraSystem(
            int preferredDatasetSplits,
            int activeChunksPerDimension,
            List<Impl> allReduce,
            List<Impl> reduceScatter,
            List<Impl> allGather,
            List<Impl> allToAll,
            Optimization collectiveOptimization,
            String intraDimensionScheduling,
            String interDimensionScheduling) {
        this(
                preferredDatasetSplits,
                activeChunksPerDimension,
                allReduce,
                reduceScatter,
                allGather,
                allToAll,
                collectiveOptimization,
                intraDimensionScheduling,
                interDimensionScheduling,
                0,
                Double.POSITIVE_INFINITY);
    }

    /** ASTRA-sim's native collective implementations, by their JSON spelling. */
    public enum Impl {
        /** {@code ring}: ring reduce-scatter / all-gather / all-reduce inside the dimension. */
        RING("ring"),
        /** {@code direct} (ASTRA-sim "AllToAll"): every member sends its share to every other member. */
        DIRECT("direct"),
        /** {@code halvingDoubling}: recursive halving (reduce-scatter) then doubling (all-gather). */
        HALVING_DOUBLING("halvingDoubling"),
        /** {@code doubleBinaryTree}: all-reduce on two complementary binary trees. */
        DOUBLE_BINARY_TREE("doubleBinaryTree");

        private final String jsonName;

        Impl(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The spelling in ASTRA-sim system files. */
        public String jsonName() {
            return jsonName;
        }

        /** The Nearlight algorithm that emits this implementation's transfers. */
        public CollectiveAlgorithm algorithm() {
            switch (this) {
                case RING:
                    return new RingAlgorithm();
                case DIRECT:
                    return new DirectAlgorithm();
                case HALVING_DOUBLING:
                    return new HalvingDoublingAlgorithm();
                case DOUBLE_BINARY_TREE:
                    return new DoubleBinaryTreeAlgorithm();
                default:
                    throw new IllegalStateException(toString());
            }
        }
    }

    /** {@code collective-optimization}: how an all-reduce is composed across dimensions. */
    public enum Optimization {
        /** {@code baseline}: a full-size all-reduce in every dimension, one after another. */
        BASELINE("baseline"),
        /**
         * {@code localBWAware}: reduce-scatter in dimensions 0..D-2 (the data shrinks by each dimension's size), an
         * all-reduce in the last dimension, then all-gather back down (ASTRA-sim's Sys::generate_all_reduce).
         */
        LOCAL_BW_AWARE("localBWAware");

        private final String jsonName;

        Optimization(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The spelling in ASTRA-sim system files. */
        public String jsonName() {
            return jsonName;
        }
    }

    public AstraSystem {
        if (preferredDatasetSplits < 1 || preferredDatasetSplits > 65536) {
            throw new InputException("preferred-dataset-splits " + preferredDatasetSplits + " must be in 1..65536");
        }
        if (activeChunksPerDimension < 1) {
            throw new InputException("active-chunks-per-dimension " + activeChunksPerDimension + " must be >= 1");
        }
        if (!(endpointDelayNs >= 0) || Double.isInfinite(endpointDelayNs)) {
            throw new InputException("endpoint-delay " + endpointDelayNs + " must be a finite number >= 0 (ns)");
        }
        if (!(localMemBwBytesPerNs > 0)) {
            throw new InputException("local-mem-bw " + localMemBwBytesPerNs + " must be > 0 (GB/s)");
        }
        allReduce = List.copyOf(allReduce);
        reduceScatter = List.copyOf(reduceScatter);
        allGather = List.copyOf(allGather);
        allToAll = List.copyOf(allToAll);
    }

    /** The implementation list ASTRA-sim uses for {@code op}; an empty list if the file does not give one. */
    public List<Impl> implementations(CollectiveOp op) {
        switch (op) {
            case ALL_REDUCE:
                return allReduce;
            case REDUCE_SCATTER:
                return reduceScatter;
            case ALL_GATHER:
                return allGather;
            case ALL_TO_ALL:
                return allToAll;
            default:
                throw new InputException("--op " + op.cliName() + " has no ASTRA-sim system implementation; use"
                        + " allreduce, reducescatter, allgather or alltoall");
        }
    }

    /** A copy with other endpoint costs ({@code endpoint-delay} ns, {@code local-mem-bw} bytes per ns). */
    public AstraSystem withEndpointCosts(double endpointDelayNs, double localMemBwBytesPerNs) {
        return new AstraSystem(
                preferredDatasetSplits,
                activeChunksPerDimension,
                allReduce,
                reduceScatter,
                allGather,
                allToAll,
                collectiveOptimization,
                intraDimensionScheduling,
                interDimensionScheduling,
                endpointDelayNs,
                localMemBwBytesPerNs);
    }

    /** A system with the same implementation list for every collective type and ASTRA-sim's scheduling defaults. */
    public static AstraSystem of(List<Impl> impls, Optimization optimization, int splits, int activeChunks) {
        return new AstraSystem(splits, activeChunks, impls, impls, impls, impls, optimization, "FIFO", "ascending");
    }
}
