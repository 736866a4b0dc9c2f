package dev.nearlight.sim.chakra;

import dev.nearlight.sim.collective.CollectiveOp;
import dev.nearlight.sim.collective.CollectiveSpec;
import dev.nearlight.sim.collective.Collectives;
import dev.nearlight.sim.collective.NetworkModel;
import dev.nearlight.sim.collective.TransferSchedule;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link CommTimes} from a network model: each distinct collective (operation, size) is run once with the algorithm
 * and chunking of {@code base} over the first {@code ranks} endpoints, each distinct message once as a one-transfer
 * schedule, and remembered. Every collective and message is timed alone on the network (see docs/sim.md for what
 * that leaves out).
 */
public final class NetworkCommTimes implements CommTimes {
    private final NetworkModel model;
    private final CollectiveSpec base;
    private final int ranks;
    private final Map<String, Double> memo = new HashMap<>();

    /** Collectives use {@code base}'s algorithm, chunking and hierarchy; its op and size are replaced per call. */
    public NetworkCommTimes(NetworkModel model, CollectiveSpec base, int ranks) {
        this.model = model;
        this.base = base;
        this.ranks = ranks;
    }

    @Override
    public double collectiveNs(CollectiveOp op, long bytes) {
        return memo.computeIfAbsent("c" + op + ":" + bytes, k -> {
            CollectiveSpec s = new CollectiveSpec(
                    op,
                    base.algorithm(),
                    bytes,
                    base.splits(),
                    base.chunksInFlight(),
                    base.scaleUpSize(),
                    base.interAlgorithm());
            return Collectives.run(s, model, ranks).timeNs();
        });
    }

    @Override
    public double pointToPointNs(int src, int dst, long bytes) {
        return memo.computeIfAbsent("p" + src + ">" + dst + ":" + bytes, k -> {
            TransferSchedule one = TransferSchedule.of(
                    ranks,
                    new int[] {src},
                    new int[] {dst},
                    new double[] {bytes},
                    new int[] {0},
                    new int[] {0},
                    new int[] {0, 0},
                    new int[0]);
            return model.run(one).makespanNs();
        });
    }
}
