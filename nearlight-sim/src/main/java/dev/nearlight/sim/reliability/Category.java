package dev.nearlight.sim.reliability;

/**
 * Root-cause categories of job interruptions, as the Llama 3 paper's Table 5 groups them (GPU hardware, network
 * switches/cables and NICs, host hardware and maintenance, software).
 */
public enum Category {
    GPU,
    NETWORK,
    HOST,
    SOFTWARE;

    /** Lower-case name used in JSON and docs. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
