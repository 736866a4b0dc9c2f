package dev.nearlight.sim.reliability;

/**
 * Turns a job's losses over a horizon into the share of wall time that is productive, the one rule both estimators use
 * (the analytical mode on expected losses, the Monte Carlo on each replication's).
 *
 * <p>Losses arrive as sums over the horizon: hours of lost progress (rework since the last checkpoint), hours down
 * (restarts, waits for a repair), hours stalled (flaps), and hour-equivalents of slower running (a rerouted path, a
 * node on fewer rails: slowdown x duration). Interruptions are counted as fleet records count them, per wall-clock
 * day, so the time they cost adds up: {@code ETTR = 1 - (rework + restart + waiting + stall) / T}. Slower running is
 * different: it only happens while the job runs, and concurrent slowdowns compound rather than add (a job already slowed
 * by one lost rail is not slowed by the full amount again by a second), so a Poisson number of concurrent outages with
 * slowdowns {@code s_i} leaves an expected speed {@code prod exp(-s_i m_i) = e^(-x_slow)}, {@code x_slow = degraded /
 * T}. Hence {@code availability = ETTR x e^(-x_slow)}, which equals the plain sum {@code 1 - (all losses) / T} to first
 * order and no longer reaches 0 from overlapping slowdowns; the slow-running loss reported is the difference, {@code
 * ETTR (1 - e^(-x_slow)) T}, so the causes add up to the total.
 */
record JobTimeAccounting(double jobAvailability, double ettrBeforeCheckpoints, double lostHours, double degradedHours) {

    /**
     * Combines losses over {@code hours} of wall time.
     *
     * @param hours the horizon, hours (&gt; 0)
     * @param rework hours of progress lost since the last checkpoint, summed over interruptions
     * @param restart hours spent restarting
     * @param waiting hours waiting for a repair (not enough spare nodes)
     * @param degraded hour-equivalents of slower running, slowdown x duration summed over outages
     * @param stall hours stalled by flaps shorter than the transport timeout
     */
    static JobTimeAccounting of(
            double hours, double rework, double restart, double waiting, double degraded, double stall) {
        if (!(hours > 0)) {
            throw new IllegalArgumentException("horizon " + hours + " h must be > 0");
        }
        double stopped = rework + restart + waiting + stall;
        double ettr = Math.max(0, 1 - stopped / hours);
        double avail = ettr * Math.exp(-degraded / hours);
        double slow = ettr * -Math.expm1(-degraded / hours) * hours;
        if (!(avail >= 0 && avail <= ettr && ettr <= 1) || !(slow >= 0 && slow <= degraded + 1e-9 * hours)) {
            throw new IllegalStateException(
                    "job availability " + avail + ", ETTR " + ettr + " or slow running " + slow + " h out of range");
        }
        // stopped can exceed the horizon only where the first-order sums fill it (ReliabilityResult#saturated)
        return new JobTimeAccounting(avail, ettr, stopped + slow, slow);
    }
}
