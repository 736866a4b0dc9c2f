package dev.nearlight.compose.pool;

import dev.nearlight.core.InputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A job trace stored column-wise for speed: arrival and duration in seconds, demands in {@link ResourceType} units
 * (cores, GPUs, GiB, GB), sorted by arrival. {@code sourceLine} and {@code sourceColumns} keep where each job came
 * from in a CSV file so that later validation (demand larger than any pool) can name file:line:column.
 */
public final class JobTrace {
    private final String source;
    private final double[] arrivalS;
    private final double[] durationS;
    private final int[][] demand;
    private final int[] sourceLine;
    private final int[][] sourceColumn;

    /**
     * Builds a trace; the arrays are copied and sorted by arrival (stable).
     *
     * @param source file name or generator description
     * @param arrivalS arrival times
     * @param durationS run times on dedicated local hardware
     * @param demand per type ({@link ResourceType} order), per job
     * @param sourceLine CSV line per job, or null
     * @param sourceColumn CSV column of each type's field per job ({@code [type][job]}), or null
     */
    public JobTrace(
            String source,
            double[] arrivalS,
            double[] durationS,
            int[][] demand,
            int[] sourceLine,
            int[][] sourceColumn) {
        this.source = Objects.requireNonNull(source, "source");
        int n = arrivalS.length;
        if (durationS.length != n || demand.length != ResourceType.COUNT) {
            throw new IllegalArgumentException("column lengths differ");
        }
        Integer[] order = new Integer[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && arrivalS[i] < arrivalS[i - 1]) {
                sorted = false;
            }
            if (!(arrivalS[i] >= 0) || !(durationS[i] >= 0) || Double.isInfinite(arrivalS[i] + durationS[i])) {
                throw new InputException(source + ": job " + i + " has arrival " + arrivalS[i] + " / duration "
                        + durationS[i] + "; both must be finite and >= 0");
            }
        }
        if (!sorted) {
            Arrays.sort(order, (a, b) -> Double.compare(arrivalS[a], arrivalS[b]));
        }
        this.arrivalS = new double[n];
        this.durationS = new double[n];
        this.demand = new int[ResourceType.COUNT][n];
        this.sourceLine = sourceLine == null ? null : new int[n];
        this.sourceColumn = sourceColumn == null ? null : new int[ResourceType.COUNT][n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            this.arrivalS[i] = arrivalS[j];
            this.durationS[i] = durationS[j];
            for (int t = 0; t < ResourceType.COUNT; t++) {
                if (demand[t][j] < 0) {
                    throw new InputException(source + ": job " + j + " has a negative demand");
                }
                this.demand[t][i] = demand[t][j];
                if (sourceColumn != null) {
                    this.sourceColumn[t][i] = sourceColumn[t][j];
                }
            }
            if (sourceLine != null) {
                this.sourceLine[i] = sourceLine[j];
            }
        }
    }

    /** Number of jobs. */
    public int size() {
        return arrivalS.length;
    }

    /** Where the trace came from. */
    public String source() {
        return source;
    }

    /** Arrival of job {@code i} (seconds). */
    public double arrivalS(int i) {
        return arrivalS[i];
    }

    /** Duration of job {@code i} on dedicated local hardware (seconds). */
    public double durationS(int i) {
        return durationS[i];
    }

    /** Demand of job {@code i} for a type, in the type's unit. */
    public int demand(int i, ResourceType t) {
        return demand[t.ordinal()][i];
    }

    int demand(int i, int t) {
        return demand[t][i];
    }

    /**
     * Throws an {@link InputException} naming file:line:column for the first job whose demand exceeds what the
     * cluster can ever provide under the policy (the whole cluster; for static, all nodes).
     */
    public void validateAgainst(ClusterSpec c, Placement p) {
        for (ResourceType t : ResourceType.values()) {
            long cap = c.totalCapacity(t, p);
            for (int i = 0; i < size(); i++) {
                if (demand[t.ordinal()][i] > cap) {
                    String where = sourceLine == null
                            ? source + ": job " + i
                            : source + ":" + sourceLine[i] + ":" + sourceColumn[t.ordinal()][i];
                    throw new InputException(where + ": " + t.key() + " demand " + describe(demand[t.ordinal()][i], t)
                            + " exceeds the largest pool (" + describe(cap, t) + " in " + c.racks()
                            + " racks); lower the demand or raise --racks");
                }
            }
        }
    }

    private static String describe(long v, ResourceType t) {
        return t == ResourceType.STORAGE ? (v / 1000.0) + " TB" : v + " " + t.unit();
    }
}
