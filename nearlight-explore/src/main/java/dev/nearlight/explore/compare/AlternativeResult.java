package dev.nearlight.explore.compare;

import dev.nearlight.explore.tco.RunCost;
import dev.nearlight.explore.tco.TcoResult;

/**
 * Every metric and chart series of one alternative running one workload. A metric that does not apply is {@code NaN}
 * (shown as n/a, written as JSON null).
 *
 * @param alternative the alternative's name in the scenario
 * @param workload the workload's name in the scenario
 * @param link link-level figures of the alternative's main (highest-volume optical) link
 * @param fabric fabric-level power
 * @param training training-step figures
 * @param reliability availability and lost GPU-hours
 * @param cost capex, fabric TCO and whole-cluster cost per trained model
 * @param charts chart series
 */
public record AlternativeResult(
        String alternative,
        String workload,
        Link link,
        Fabric fabric,
        Training training,
        Reliability reliability,
        Cost cost,
        Charts charts) {
    /** Checks that nothing is null. */
    public AlternativeResult {
        if (alternative == null
                || workload == null
                || link == null
                || fabric == null
                || training == null
                || reliability == null
                || cost == null
                || charts == null) {
            throw new IllegalArgumentException("every part of an AlternativeResult is required");
        }
    }

    /**
     * Link figures of the main optical link, at the length the fabric layout gives its link class.
     *
     * @param energyPjPerBit link energy (boundary LINK: both ends, lasers, board retimers and both hosts' SerDes), in
     *     pJ/bit
     * @param latencyNs one-way link latency, in ns
     * @param escapeFeasible whether the ASIC's shoreline can carry the fabric's escape bandwidth with this optics
     * @param portPowerW power of one end's module or engine port as datasheets quote it (boundary MODULE or ENGINE: no
     *     host SerDes), in W; NaN when not computed
     * @param linkPowerW power of the whole link (boundary LINK, as {@code energyPjPerBit}), in W; NaN when not computed
     * @param lengthM the link length evaluated (the layout's mean cable length of the class), in m; NaN when not known
     */
    public record Link(
            double energyPjPerBit,
            double latencyNs,
            boolean escapeFeasible,
            double portPowerW,
            double linkPowerW,
            double lengthM) {
        /** Link figures without the per-port and per-link powers (fixtures and callers without a layout). */
        public Link(double energyPjPerBit, double latencyNs, boolean escapeFeasible) {
            this(energyPjPerBit, latencyNs, escapeFeasible, Double.NaN, Double.NaN, Double.NaN);
        }

        /** Checks the physics: a port never draws more than the link it is one end of. */
        public Link {
            if (portPowerW > linkPowerW + 1e-9) {
                throw new IllegalArgumentException(
                        "port power " + portPowerW + " W exceeds the link's " + linkPowerW + " W");
            }
        }
    }

    /**
     * Fabric power.
     *
     * @param opticsPowerKw optics (modules, engines, lasers) power in kW
     * @param fabricPowerKw whole scale-out fabric power (switches, optics, host SerDes) in kW
     */
    public record Fabric(double opticsPowerKw, double fabricPowerKw) {}

    /**
     * Training figures.
     *
     * @param stepTimeS step time in s
     * @param mfu model FLOP utilisation, a fraction
     * @param starvation fraction of GPU time spent waiting on communication
     * @param timeToTrainDays wall-clock days for the token budget, including failures
     * @param energyPerRunMWh facility energy of one run: nodes busy and idle, fabric, PUE included, in MWh
     * @param layout the parallel layout the search chose for this alternative ({@code search: true}), e.g. {@code tp 8
     *     pp 16 dp 128 cp 1 ep 1 vpp 4 mbs 1 selective zero1}; empty when the scenario gives the layout
     */
    public record Training(
            double stepTimeS,
            double mfu,
            double starvation,
            double timeToTrainDays,
            double energyPerRunMWh,
            String layout) {
        /** Figures of a layout the scenario gives (no search). */
        public Training(
                double stepTimeS, double mfu, double starvation, double timeToTrainDays, double energyPerRunMWh) {
            this(stepTimeS, mfu, starvation, timeToTrainDays, energyPerRunMWh, "");
        }

        public Training {
            layout = layout == null ? "" : layout;
        }
    }

    /**
     * Reliability figures, named as the literature names them (Meta's effective training time ratio, goodput, and
     * Llama 3 Table 5's interruption categories).
     *
     * @param availability job availability, a fraction
     * @param gpuHoursLostPerYear GPU-hours lost per year to failures
     * @param ettr effective training time ratio: productive time / wall-clock time
     * @param goodput useful work relative to a failure-free, full-speed run (ETTR less slower running)
     * @param interruptionsPerDay unexpected job interruptions per day
     * @param gpuInterruptionsPerDay of which GPU faults
     * @param networkInterruptionsPerDay of which switches, cables, optics and NICs
     * @param hostInterruptionsPerDay of which other host hardware
     * @param softwareInterruptionsPerDay of which software
     * @param fabricLinkDownStepLoss fraction of step time lost per dark switch-to-switch cable the job routes around
     *     (flow model on the fabric, the figure the reliability model charged); NaN when not simulated
     */
    public record Reliability(
            double availability,
            double gpuHoursLostPerYear,
            double ettr,
            double goodput,
            double interruptionsPerDay,
            double gpuInterruptionsPerDay,
            double networkInterruptionsPerDay,
            double hostInterruptionsPerDay,
            double softwareInterruptionsPerDay,
            double fabricLinkDownStepLoss) {
        /** The job figures without a simulated fabric-fault slowdown. */
        public Reliability(
                double availability,
                double gpuHoursLostPerYear,
                double ettr,
                double goodput,
                double interruptionsPerDay,
                double gpuInterruptionsPerDay,
                double networkInterruptionsPerDay,
                double hostInterruptionsPerDay,
                double softwareInterruptionsPerDay) {
            this(
                    availability,
                    gpuHoursLostPerYear,
                    ettr,
                    goodput,
                    interruptionsPerDay,
                    gpuInterruptionsPerDay,
                    networkInterruptionsPerDay,
                    hostInterruptionsPerDay,
                    softwareInterruptionsPerDay,
                    Double.NaN);
        }

        /** Availability and lost GPU-hours only; the job figures do not apply ({@code NaN}). */
        public Reliability(double availability, double gpuHoursLostPerYear) {
            this(
                    availability,
                    gpuHoursLostPerYear,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        }
    }

    /**
     * Cost figures, each with a stated boundary.
     *
     * @param capexUsd fabric capex, plus GPUs when the economics include them, in USD
     * @param tcoUsd fabric-only lifetime NPV TCO ({@link dev.nearlight.explore.tco.TcoModel#CONTAINS}) in USD
     * @param costPerModelUsd whole-cluster cost of one training run ({@link RunCost#contains()}) in USD
     * @param run the run cost's components and boundary
     */
    public record Cost(double capexUsd, double tcoUsd, double costPerModelUsd, RunCost run) {
        /** The cost figures of a fabric TCO and a run cost. */
        public static Cost of(double capexUsd, TcoResult tco, RunCost run) {
            return new Cost(capexUsd, tco.tcoUsd(), run.totalUsd(), run);
        }
    }
}
