package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.Locale;

/** The collective algorithm families, by CLI name. */
public enum Algorithm {
    RING("ring"),
    TREE("tree"),
    HALVING_DOUBLING("halving-doubling"),
    DIRECT("direct"),
    HIERARCHICAL("hierarchical"),
    /** NCCL's PXN all-to-all: rail-local aggregation over NVLink, then one message per remote node on the rail. */
    PXN("pxn");

    private final String cliName;

    Algorithm(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in JSON. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name; also accepts "hd", "rhd" and "dbt". */
    public static Algorithm parse(String s, String option) {
        String k = s.toLowerCase(Locale.ROOT).replace("_", "-");
        switch (k) {
            case "hd":
            case "rhd":
            case "halvingdoubling":
                return HALVING_DOUBLING;
            case "dbt":
            case "double-binary-tree":
                return TREE;
            default:
                break;
        }
        for (Algorithm a : values()) {
            if (a.cliName.equals(k)) {
                return a;
            }
        }
        throw new InputException(option + " '" + s + "' is not an algorithm; use one of "
                + Arrays.stream(values()).map(Algorithm::cliName).toList());
    }
}
