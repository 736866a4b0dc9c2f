package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Locale;

/**
 * How data-parallel replicas shard model state: NONE (plain DDP), ZERO1 (optimizer states, the Megatron distributed
 * optimizer), ZERO2 (plus gradients), ZERO3 and FSDP (plus parameters, gathered per layer).
 */
public enum DpSharding {
    NONE,
    ZERO1,
    ZERO2,
    ZERO3,
    FSDP;

    /** True when parameters are sharded and must be all-gathered for every forward and backward pass. */
    public boolean shardsParameters() {
        return this == ZERO3 || this == FSDP;
    }

    /** Parses {@code none|zero1|zero2|zero3|fsdp}, naming {@code field} in the error. */
    public static DpSharding parse(String text, String field) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(
                    field + ": unknown data-parallel sharding '" + text + "' (use none, zero1, zero2, zero3 or fsdp)");
        }
    }
}
