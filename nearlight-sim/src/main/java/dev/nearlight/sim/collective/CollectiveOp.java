package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The collective operations, with nccl-tests' bus-bandwidth factor (busbw = algbw * factor) so results compare
 * directly with nccl-tests output. The byte size of an operation is nccl-tests' "size": the full buffer.
 */
public enum CollectiveOp {
    ALL_REDUCE("allreduce"),
    REDUCE_SCATTER("reducescatter"),
    ALL_GATHER("allgather"),
    ALL_TO_ALL("alltoall"),
    BROADCAST("broadcast"),
    SEND_RECV("sendrecv");

    private final String cliName;

    CollectiveOp(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in JSON. */
    public String cliName() {
        return cliName;
    }

    /** nccl-tests' busbw/algbw ratio for {@code ranks} ranks. */
    public double busBandwidthFactor(int ranks) {
        double n = ranks;
        switch (this) {
            case ALL_REDUCE:
                return 2 * (n - 1) / n;
            case REDUCE_SCATTER:
            case ALL_GATHER:
            case ALL_TO_ALL:
                return (n - 1) / n;
            default:
                return 1;
        }
    }

    /** Parses a CLI name (case-insensitive, dashes and underscores ignored). */
    public static CollectiveOp parse(String s, String option) {
        String k = s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (CollectiveOp op : values()) {
            if (op.cliName.equals(k)) {
                return op;
            }
        }
        throw new InputException(option + " '" + s + "' is not a collective; use one of "
                + Arrays.stream(values()).map(CollectiveOp::cliName).toList());
    }
}
