package dev.nearlight.sim.reliability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reliability of one cluster alternative over its lifetime. Every {@link Estimate} carries a 95 % confidence interval
 * (zero width in analytical mode). GPU-hours are the job's GPUs times the wall-clock hours lost.
 *
 * @param name alternative label
 * @param mode "montecarlo" or "analytical"
 * @param replications Monte Carlo replications (0 for analytical)
 * @param years lifetime simulated
 * @param checkpointIntervalHours checkpoint interval used (given, or Young/Daly)
 * @param jobMtbfHours mean time between job interruptions (expected, from the rates)
 * @param fabricAvailability time-averaged fraction of fabric links in service
 * @param jobAvailability fraction of wall time the job makes progress (1 - lost time / lifetime; checkpoint writes
 *     excluded, see {@code checkpointEfficiency})
 * @param checkpointEfficiency interval / (interval + write time)
 * @param interruptionsPerDay job interruptions per day
 * @param gpuHoursLostPerYear rework + restart + waiting + degraded-equivalent GPU-hours per year
 * @param reworkGpuHoursPerYear compute since the last checkpoint, lost at each interruption
 * @param restartGpuHoursPerYear restart time after each interruption
 * @param waitingGpuHoursPerYear waiting for a repair the job cannot proceed without
 * @param degradedGpuHoursPerYear equivalent GPU-hours lost running at reduced bandwidth around failed fabric parts
 * @param repairCostUsdPerYear parts plus labour per year
 * @param repairLabourUsdPerYear the labour part of {@code repairCostUsdPerYear} (hands-on hours x labour rate)
 * @param effectiveTimeToTrainDays failure-free time to train / (job availability * checkpoint efficiency)
 * @param technicianUtilisation hands-on repair hours / (technicians x lifetime); near 1 the repair queue dominates
 * @param failuresPerYear all component failures per year
 * @param failuresPerYearByPopulation failures per year of each population, in model order
 * @param ettr effective training time ratio: productive time / wall-clock time (interruptions, restarts, waits,
 *     flap stalls and blocking checkpoint writes excluded; Meta's "effective training time")
 * @param goodput useful work relative to a failure-free, full-speed run: ETTR less the time-equivalent of running
 *     slower around rerouted paths and lost rails
 * @param hardwareAvailability fraction of GPU-hours whose GPU is not out for a repair (apart from the job figures)
 * @param plannedInterruptionsPerDay stops the job takes by choice: drains before failure and board-level repairs at
 *     a checkpoint or at once
 * @param stalledGpuHoursPerYear GPU-hours stalled by link flaps shorter than the transport timeout (part of {@code
 *     gpuHoursLostPerYear})
 * @param interruptionsPerDayByCategory unexpected interruptions per day by root-cause category ({@link Category#id})
 */
public record ReliabilityResult(
        String name,
        String mode,
        int replications,
        double years,
        double checkpointIntervalHours,
        double jobMtbfHours,
        Estimate fabricAvailability,
        Estimate jobAvailability,
        double checkpointEfficiency,
        Estimate interruptionsPerDay,
        Estimate gpuHoursLostPerYear,
        Estimate reworkGpuHoursPerYear,
        Estimate restartGpuHoursPerYear,
        Estimate waitingGpuHoursPerYear,
        Estimate degradedGpuHoursPerYear,
        Estimate repairCostUsdPerYear,
        Estimate repairLabourUsdPerYear,
        Estimate effectiveTimeToTrainDays,
        Estimate technicianUtilisation,
        Estimate failuresPerYear,
        Map<String, Estimate> failuresPerYearByPopulation,
        Estimate ettr,
        Estimate goodput,
        Estimate hardwareAvailability,
        Estimate plannedInterruptionsPerDay,
        Estimate stalledGpuHoursPerYear,
        Map<String, Estimate> interruptionsPerDayByCategory) {
    public ReliabilityResult {
        failuresPerYearByPopulation = Collections.unmodifiableMap(new LinkedHashMap<>(failuresPerYearByPopulation));
        interruptionsPerDayByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(interruptionsPerDayByCategory));
    }

    /**
     * Whether the repair process saturates: the offered repair load reaches the technicians ({@code
     * technicianUtilisation >= 1}, parts pile up faster than they are fixed) or the expected losses fill the whole wall
     * time (job availability 0). The time to train and the figures derived from it are then no answer (the job makes
     * no lasting progress at these inputs); callers flag the case instead of printing them.
     */
    public boolean saturated() {
        return technicianUtilisation.mean() >= 1 || !(jobAvailability.mean() > 0);
    }

    /** The reason {@link #saturated()} holds, one line, or an empty string when it does not. */
    public String saturationReason() {
        if (technicianUtilisation.mean() >= 1) {
            return String.format(
                    java.util.Locale.ROOT,
                    "offered repair load %.2f of the technicians' capacity >= 1 (parts pile up faster than they"
                            + " are repaired)",
                    technicianUtilisation.mean());
        }
        if (!(jobAvailability.mean() > 0)) {
            return "the expected stops (rework, restarts, waits for repair and parts, summed over overlapping"
                    + " outages) reach the whole wall time: job availability 0";
        }
        return "";
    }
}
