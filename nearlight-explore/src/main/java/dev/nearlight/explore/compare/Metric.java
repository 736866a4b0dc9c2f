package dev.nearlight.explore.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The rows of a comparison: each metric knows its JSON id, label, unit, display scaling and which direction is better.
 * Values are stored in the JSON unit ({@link #unit()}); the terminal and HTML tables show {@code value x
 * displayScale} in {@link #displayUnit()}.
 */
public enum Metric {
    LINK_ENERGY(
            "linkEnergyPjPerBit",
            "Link energy",
            "pJ/bit",
            "pJ/bit",
            1,
            2,
            Better.LOWER,
            r -> r.link().energyPjPerBit()),
    PORT_POWER(
            "portPowerW",
            "Power per port",
            "W",
            "W",
            1,
            2,
            Better.LOWER,
            r -> r.link().portPowerW()),
    LINK_POWER(
            "linkPowerW",
            "Power per link",
            "W",
            "W",
            1,
            1,
            Better.LOWER,
            r -> r.link().linkPowerW()),
    OPTICS_POWER(
            "opticsPowerKw",
            "Optics power",
            "kW",
            "kW",
            1,
            1,
            Better.LOWER,
            r -> r.fabric().opticsPowerKw()),
    FABRIC_POWER(
            "fabricPowerKw",
            "Fabric power",
            "kW",
            "kW",
            1,
            1,
            Better.LOWER,
            r -> r.fabric().fabricPowerKw()),
    ESCAPE_FEASIBLE(
            "escapeFeasible",
            "Escape bandwidth feasible",
            "boolean",
            "",
            1,
            0,
            Better.HIGHER,
            r -> r.link().escapeFeasible() ? 1.0 : 0.0),
    LINK_LATENCY(
            "linkLatencyNs",
            "Link latency",
            "ns",
            "ns",
            1,
            1,
            Better.LOWER,
            r -> r.link().latencyNs()),
    STEP_TIME(
            "stepTimeS",
            "Step time",
            "s",
            "s",
            1,
            3,
            Better.LOWER,
            r -> r.training().stepTimeS()),
    MFU("mfu", "MFU", "fraction", "%", 100, 1, Better.HIGHER, r -> r.training().mfu()),
    GPU_STARVATION(
            "starvation",
            "GPU starvation",
            "fraction",
            "%",
            100,
            1,
            Better.LOWER,
            r -> r.training().starvation()),
    TIME_TO_TRAIN(
            "timeToTrainDays",
            "Time to train",
            "days",
            "days",
            1,
            1,
            Better.LOWER,
            r -> r.training().timeToTrainDays()),
    ENERGY_PER_RUN(
            "energyPerRunMWh",
            "Energy per run",
            "MWh",
            "MWh",
            1,
            0,
            Better.LOWER,
            r -> r.training().energyPerRunMWh()),
    AVAILABILITY(
            "availability",
            "Availability",
            "fraction",
            "%",
            100,
            2,
            Better.HIGHER,
            r -> r.reliability().availability()),
    GPU_HOURS_LOST(
            "gpuHoursLostPerYear",
            "GPU-hours lost",
            "GPU-h/yr",
            "GPU-h/yr",
            1,
            0,
            Better.LOWER,
            r -> r.reliability().gpuHoursLostPerYear()),
    ETTR(
            "ettr",
            "ETTR",
            "fraction",
            "%",
            100,
            2,
            Better.HIGHER,
            r -> r.reliability().ettr()),
    GOODPUT(
            "goodput",
            "Goodput",
            "fraction",
            "%",
            100,
            2,
            Better.HIGHER,
            r -> r.reliability().goodput()),
    INTERRUPTIONS_PER_DAY(
            "interruptionsPerDay",
            "Interruptions",
            "1/day",
            "/day",
            1,
            2,
            Better.LOWER,
            r -> r.reliability().interruptionsPerDay()),
    GPU_INTERRUPTIONS_PER_DAY(
            "gpuInterruptionsPerDay",
            "Interruptions: GPU",
            "1/day",
            "/day",
            1,
            2,
            Better.LOWER,
            r -> r.reliability().gpuInterruptionsPerDay()),
    NETWORK_INTERRUPTIONS_PER_DAY(
            "networkInterruptionsPerDay",
            "Interruptions: network",
            "1/day",
            "/day",
            1,
            2,
            Better.LOWER,
            r -> r.reliability().networkInterruptionsPerDay()),
    HOST_INTERRUPTIONS_PER_DAY(
            "hostInterruptionsPerDay",
            "Interruptions: host",
            "1/day",
            "/day",
            1,
            2,
            Better.LOWER,
            r -> r.reliability().hostInterruptionsPerDay()),
    SOFTWARE_INTERRUPTIONS_PER_DAY(
            "softwareInterruptionsPerDay",
            "Interruptions: software",
            "1/day",
            "/day",
            1,
            2,
            Better.LOWER,
            r -> r.reliability().softwareInterruptionsPerDay()),
    FABRIC_LINK_DOWN_LOSS(
            "fabricLinkDownStepLoss",
            "Step lost/dark fabric link",
            "fraction",
            "%",
            100,
            2,
            Better.LOWER,
            r -> r.reliability().fabricLinkDownStepLoss()),
    CAPEX(
            "capexUsd",
            "Capex",
            "USD",
            "M USD",
            1e-6,
            2,
            Better.LOWER,
            r -> r.cost().capexUsd()),
    TCO(
            "tcoUsd",
            "Fabric TCO",
            "USD",
            "M USD",
            1e-6,
            2,
            Better.LOWER,
            r -> r.cost().tcoUsd()),
    COST_PER_MODEL(
            "costPerModelUsd",
            "Cost per trained model",
            "USD",
            "M USD",
            1e-6,
            2,
            Better.LOWER,
            r -> r.cost().costPerModelUsd());

    private final String id;
    private final String label;
    private final String unit;
    private final String displayUnit;
    private final double displayScale;
    private final int decimals;
    private final Better better;
    private final ToDoubleFunction<AlternativeResult> extractor;

    Metric(
            String id,
            String label,
            String unit,
            String displayUnit,
            double displayScale,
            int decimals,
            Better better,
            ToDoubleFunction<AlternativeResult> extractor) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.displayUnit = displayUnit;
        this.displayScale = displayScale;
        this.decimals = decimals;
        this.better = better;
        this.extractor = extractor;
    }

    /** The JSON key, e.g. {@code linkEnergyPjPerBit}. */
    public String id() {
        return id;
    }

    /** The row label, e.g. {@code Link energy}. */
    public String label() {
        return label;
    }

    /** The unit of the stored (JSON) value. */
    public String unit() {
        return unit;
    }

    /** The unit shown in tables. */
    public String displayUnit() {
        return displayUnit;
    }

    /** Multiplier from the stored value to the displayed value. */
    public double displayScale() {
        return displayScale;
    }

    /** Decimals shown in tables. */
    public int decimals() {
        return decimals;
    }

    /** Which direction is better. */
    public Better better() {
        return better;
    }

    /**
     * The step-time row's boundary with the step model's error {@code e} it was priced with (the shipped spread unless
     * the comparison's catalogue changes a GPU).
     */
    public static String stepTimeBoundary(dev.nearlight.sim.train.StepModelError e) {
        return "one optimizer step of the whole job (its slowest pipeline rank); the interval spans the catalogue's"
                + " ranges and the step model's own error, one factor for every column drawn from measured / predicted"
                + " step time on "
                + e.runs()
                + " "
                + e.source()
                + " (5-95 %: "
                + e.span(
                        dev.nearlight.sim.train.StepModelError.BAND_LOW,
                        dev.nearlight.sim.train.StepModelError.BAND_HIGH)
                + "; docs/validation.md)";
    }

    /**
     * What the row contains, in words (its boundary): the reports print it next to the label so that, e.g., a link
     * energy is not read as one vendor module's figure. The cost per trained model's boundary depends on the
     * scenario's GPU-time policy; {@link Comparison#contains(Metric)} gives the one of a run.
     */
    public String contains() {
        return switch (this) {
            case LINK_ENERGY ->
                "main optical link, both ends + lasers + host SerDes, at the layout's mean length of its link class";
            case PORT_POWER ->
                "one end of the main optical link: its module or engine port as datasheets quote it, no host SerDes";
            case LINK_POWER -> "main optical link, both ends + lasers + host SerDes, at the layout's length";
            case OPTICS_POWER -> "scale-out fabric: modules, engines, external lasers";
            case FABRIC_POWER -> "scale-out fabric: switches + optics + host SerDes";
            case ESCAPE_FEASIBLE -> "switch ASIC shoreline against radix x rate";
            case LINK_LATENCY -> "main optical link, one way";
            case STEP_TIME -> stepTimeBoundary(dev.nearlight.sim.train.StepModelError.shipped());
            case MFU -> "model FLOPs / peak FLOPs";
            case GPU_STARVATION -> "GPU time waiting on communication";
            case TIME_TO_TRAIN -> "wall clock for the token budget, failures and checkpoints included";
            case ENERGY_PER_RUN ->
                "facility: nodes busy (GPUs at the step average + platform) and idle while the job is"
                        + " down, + fabric, x PUE";
            case AVAILABILITY -> "fraction of wall time the job makes progress";
            case GPU_HOURS_LOST -> "rework + restart + waiting + degraded, per year";
            case ETTR -> "productive time / wall clock of the job (Meta's effective training time ratio)";
            case GOODPUT -> "useful work / a failure-free, full-speed run (ETTR less slower running)";
            case INTERRUPTIONS_PER_DAY -> "unexpected job interruptions (Llama 3 Table 5 categories)";
            case GPU_INTERRUPTIONS_PER_DAY -> "GPU faults (GPU, HBM, SRAM, GSP, SDC, thermal)";
            case NETWORK_INTERRUPTIONS_PER_DAY -> "switches, cables, optics, NICs; link flaps past the timeout";
            case HOST_INTERRUPTIONS_PER_DAY -> "other host hardware and unplanned host maintenance";
            case SOFTWARE_INTERRUPTIONS_PER_DAY -> "software bugs, watchdog timeouts, dependencies";
            case FABRIC_LINK_DOWN_LOSS ->
                "step time added while one switch-to-switch cable is dark and routed around: the job's data-parallel"
                        + " collective run by the flow model with its busiest fabric cable down, through the step"
                        + " model's exposure; x dark uplinks per failed part in the reliability model";
            case CAPEX -> "fabric: switches, optics, lasers, cables (+ GPUs when economics.includeGpus)";
            case TCO -> dev.nearlight.explore.tco.TcoModel.CONTAINS;
            case COST_PER_MODEL ->
                "whole cluster, one run: GPU time (economics.gpuTime) + fabric capex share, energy" + " and repairs";
        };
    }

    /** Whether the value is a yes/no flag stored as 1/0. */
    public boolean isBoolean() {
        return this == ESCAPE_FEASIBLE;
    }

    /** This metric's value in a result (NaN when not applicable). */
    public double valueOf(AlternativeResult r) {
        return extractor.applyAsDouble(r);
    }

    /** The row label with its display unit, e.g. {@code Link energy (pJ/bit)}. */
    public String labelWithUnit() {
        return displayUnit.isEmpty() ? label : label + " (" + displayUnit + ")";
    }

    /** The value as shown in tables: scaled, rounded, {@code yes}/{@code no} for flags, {@code n/a} for NaN. */
    public String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (isBoolean()) {
            return value >= 0.5 ? "yes" : "no";
        }
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value * displayScale);
    }

    /** The metric with this JSON id. */
    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** All JSON ids, in row order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }
}
