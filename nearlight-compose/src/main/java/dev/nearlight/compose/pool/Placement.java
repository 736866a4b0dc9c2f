package dev.nearlight.compose.pool;

/** Allocation policy of the pool simulation. */
public enum Placement {
    /** Static servers: a job gets whole fixed nodes (enough for its largest per-node demand). */
    STATIC("static"),
    /** Composable, each resource bound from rack pools in rack order. */
    FIRST_FIT("first-fit"),
    /** Composable, each resource bound from the pool with the least free capacity that still holds it. */
    BEST_FIT("best-fit"),
    /** Composable, every resource from racks within the fabric's latency budget of the job's home rack. */
    LATENCY_AWARE("latency-aware");

    private final String key;

    Placement(String key) {
        this.key = key;
    }

    /** The CLI and JSON name. */
    public String key() {
        return key;
    }

    /** Whether this is a composable (pooled) policy. */
    public boolean composable() {
        return this != STATIC;
    }

    /** Parses a CLI name. */
    public static Placement parse(String s) {
        for (Placement p : values()) {
            if (p.key.equals(s)) {
                return p;
            }
        }
        throw new dev.nearlight.core.InputException(
                "placement '" + s + "' is unknown; use static, first-fit, best-fit or latency-aware");
    }
}
